// Rust source that is not ASCII, with CRLF line ends: offsets of the findings after
// multi-byte characters (Größe, 日本語, 🚀) must still be byte offsets.
fn shutdown_ünïcode(session: &IMAPISession) -> windows::core::Result<()> {
    let label = "Postfach – Größe: 日本語 🚀";
    let c = 'é';
    unsafe { session.Logoff(0, 0, 0)? };
    let _ = (label, c, "ß"); unsafe { session.GetMsgStoresTable(0)? }; //~ use-after-logoff
    Ok(())
}
