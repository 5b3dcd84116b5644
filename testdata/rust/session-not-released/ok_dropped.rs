// Rust: a session is released when its value is dropped; nothing to report.
use windows::Win32::System::AddressBook::*;

fn dropped() -> windows_core::Result<()> {
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED, &mut session)? };
    if let Some(s) = &session {
        unsafe { s.Logoff(0, 0, 0)? };
    }
    Ok(())
}
