// A session from MAPILogonEx dropped without Logoff.
use windows::Win32::System::AddressBook::*;

fn no_logoff() -> windows_core::Result<()> {
    let mut session = None;
    unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED | MAPI_NEW_SESSION, &mut session)? }; //~ missing-logoff
    list_stores(&session);
    Ok(())
}
