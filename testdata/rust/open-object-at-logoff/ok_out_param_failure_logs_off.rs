// pf-check: verifies that the public folders store of a profile can be opened.
//
// OpenMsgStore is called through the raw binding with an `Option<IMsgStore>` out-parameter.
// The store exists only when the call succeeded *and* the out-parameter is `Some`: in the
// failure branches there is nothing to release, so logging off there is correct. On the
// success path the store is dropped explicitly before Logoff.
use core::ptr;
use windows::core::{Error, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::AddressBook::*;

const PR_DISPLAY_NAME_W: u32 = 0x3001_001F;

struct Args {
    profile: Vec<i8>,
    store_eid: Vec<u8>,
}

fn parse() -> Option<Args> {
    let mut it = std::env::args().skip(1);
    let profile = it.next()?.bytes().map(|b| b as i8).chain(std::iter::once(0)).collect();
    let store_eid = it.next()?.into_bytes();
    Some(Args { profile, store_eid })
}

fn show_name(store: &IMsgStore) -> Result<()> {
    let mut tags = SPropTagArray { cValues: 1, aulPropTag: [PR_DISPLAY_NAME_W] };
    let mut count = 0u32;
    let mut values: *mut SPropValue = ptr::null_mut();
    unsafe { store.GetProps(&mut tags, 0, &mut count, &mut values)? };
    println!("public folders store answered ({count} value(s))");
    unsafe { MAPIFreeBuffer(values as *mut _) };
    Ok(())
}

fn check(args: &mut Args) -> Result<()> {
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, args.profile.as_mut_ptr(), ptr::null_mut(), MAPI_EXTENDED | MAPI_EXPLICIT_PROFILE | MAPI_NO_MAIL, &mut session)? };
    let Some(session) = session else { return Err(Error::from(E_FAIL)) };

    let mut store: Option<IMsgStore> = None;
    let opened = unsafe { session.OpenMsgStore(0, args.store_eid.len() as u32, args.store_eid.as_mut_ptr() as *mut _, ptr::null_mut(), MDB_NO_DIALOG | MAPI_DEFERRED_ERRORS, &mut store) };
    if let Err(e) = opened {
        eprintln!("OpenMsgStore failed: {e}");
        let _ = unsafe { session.Logoff(0, 0, 0) };
        return Err(e);
    }
    let Some(store) = store else {
        // Succeeded without an object: nothing was opened.
        eprintln!("OpenMsgStore returned no store");
        let _ = unsafe { session.Logoff(0, 0, 0) };
        return Err(Error::from(E_FAIL));
    };

    let shown = show_name(&store);
    drop(store);
    if let Err(e) = unsafe { session.Logoff(0, 0, 0) } {
        eprintln!("Logoff failed: {e}");
    }
    shown
}

fn main() {
    let Some(mut args) = parse() else {
        eprintln!("usage: pf-check <profile> <public-store-entry-id>");
        std::process::exit(2);
    };
    if unsafe { MAPIInitialize(None) }.is_err() {
        eprintln!("pf-check: MAPI is not available");
        std::process::exit(1);
    }
    let status = check(&mut args);
    unsafe { MAPIUninitialize() };
    match status {
        Ok(()) => println!("pf-check: ok"),
        Err(e) => {
            eprintln!("pf-check: {e}");
            std::process::exit(1);
        }
    }
}
