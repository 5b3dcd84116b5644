// OleUninitialize on the path where OleInitialize failed.
fn main() {
    if let Err(_) = unsafe { OleInitialize(None) } {
        unsafe { OleUninitialize() }; //~ unmatched-ole-uninitialize
        return;
    }
    unsafe { OleUninitialize() };
}
