// Correct: the session is logged off before it is dropped, or handed on.
use windows::Win32::System::AddressBook::*;

fn logged_off() -> windows_core::Result<()> {
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED, &mut session)? };
    list_stores(&session);
    if let Some(s) = &session {
        unsafe { s.Logoff(0, 0, 0)? };
    }
    Ok(())
}

fn handed_on(app: &mut App) -> windows_core::Result<()> {
    let mut session = None;
    unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED, &mut session)? };
    app.session = session;
    Ok(())
}
