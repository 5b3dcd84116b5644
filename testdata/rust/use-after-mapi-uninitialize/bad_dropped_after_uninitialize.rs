// windows-rs bindings: the session is dropped (released) at the end of the function, after
// MAPIUninitialize.
use windows::Win32::System::AddressBook::*;

fn run() -> windows_core::Result<()> {
    unsafe { MAPIInitialize(None)? };
    let mut session: Option<IMAPISession> = None;
    let _ = unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED, &mut session) };
    if let Some(s) = &session {
        let _ = unsafe { s.Logoff(0, 0, 0) };
    }
    unsafe { MAPIUninitialize() };
    Ok(())
} //~ use-after-mapi-uninitialize
