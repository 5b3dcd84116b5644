// Start in one function, end in another: paired by the caller.
fn init_ole() -> windows::core::Result<()> {
    unsafe { OleInitialize(None) }
}
fn cleanup_ole() {
    unsafe { OleUninitialize() };
}
fn main() -> windows::core::Result<()> {
    init_ole()?;
    run();
    cleanup_ole();
    Ok(())
}
