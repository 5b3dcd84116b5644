// Correct: the session is dropped before MAPIUninitialize; an inner scope does the same.
use windows::Win32::System::AddressBook::*;

fn explicit_drop() -> windows_core::Result<()> {
    unsafe { MAPIInitialize(None)? };
    let mut session: Option<IMAPISession> = None;
    let _ = unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED, &mut session) };
    if let Some(s) = &session {
        let _ = unsafe { s.Logoff(0, 0, 0) };
    }
    drop(session);
    unsafe { MAPIUninitialize() };
    Ok(())
}

fn inner_scope() -> windows_core::Result<()> {
    unsafe { MAPIInitialize(None)? };
    {
        let mut session: Option<IMAPISession> = None;
        let _ = unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED, &mut session) };
        if let Some(s) = &session {
            let _ = unsafe { s.Logoff(0, 0, 0) };
        }
    }
    unsafe { MAPIUninitialize() };
    Ok(())
}
