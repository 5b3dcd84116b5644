// whoami: prints the display name of the logged-on identity and the session's status rows.
//
// Correct code that looks like the bug:
// - `HrGetOneProp` is matched with three arms: `Ok(())` frees the buffer, and the two `Err`
//   arms (one guarded on MAPI_E_NOT_FOUND) run where the call failed and allocated nothing;
// - `OpenEntry`'s result is matched with a guarded `Err` arm too;
// - the Logoff result is kept in `logged_off` and mapped after the session is dropped: it is
//   a `Result<()>`, not an object obtained from the session.
use std::ptr;

use windows::core::{Error, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::Mapi::*;

const PR_DISPLAY_NAME_A: u32 = 0x3001_001E;
const MAPI_E_NOT_FOUND: windows::core::HRESULT = windows::core::HRESULT(0x8004010F_u32 as i32);

fn print_name(identity: &IMAPIProp) -> Result<()> {
    let mut name: *mut SPropValue = ptr::null_mut();
    match unsafe { HrGetOneProp(identity, PR_DISPLAY_NAME_A, &mut name) } {
        Ok(()) => {
            println!("identity: {:?}", unsafe { (*name).Value.lpszA.0 });
            unsafe { MAPIFreeBuffer(name.cast()) };
        }
        Err(e) if e.code() == MAPI_E_NOT_FOUND => println!("identity: (no display name)"),
        Err(e) => return Err(e),
    }
    Ok(())
}

fn print_identity(session: &IMAPISession) -> Result<()> {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    unsafe { session.QueryIdentity(&mut cb, &mut eid)? };
    let mut kind = 0u32;
    let mut unk = None;
    let opened = unsafe { session.OpenEntry(cb, eid, ptr::null_mut(), 0, &mut kind, &mut unk) };
    unsafe { MAPIFreeBuffer(eid.cast()) };
    match opened {
        Ok(()) => {}
        Err(e) if e.code() == MAPI_E_NOT_FOUND => return Ok(()),
        Err(e) => return Err(e),
    }
    let Some(identity) = unk else {
        return Ok(());
    };
    let identity: IMAPIProp = windows::core::Interface::cast(&identity)?;
    print_name(&identity)
}

fn with_session(interactive: bool) -> Result<()> {
    let flags = MAPI_EXTENDED | MAPI_USE_DEFAULT | if interactive { MAPI_LOGON_UI } else { 0 };
    let mut session = None;
    if let Err(e) = unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), flags, &mut session) } {
        return Err(e);
    }
    let Some(session) = session else {
        return Err(Error::from(E_FAIL));
    };
    let printed = print_identity(&session);
    let logged_off = unsafe { session.Logoff(0, 0, 0) };
    drop(session);
    printed?;
    logged_off.map_err(|e| {
        eprintln!("Logoff failed: {e}");
        e
    })
}

fn main() {
    let interactive = std::env::args().any(|a| a == "--interactive");
    if let Err(e) = unsafe { MAPIInitialize(ptr::null_mut()) } {
        eprintln!("MAPIInitialize failed: {e}");
        std::process::exit(1);
    }
    let outcome = with_session(interactive);
    unsafe { MAPIUninitialize() };
    if let Err(e) = outcome {
        eprintln!("whoami: {e}");
        std::process::exit(1);
    }
}
