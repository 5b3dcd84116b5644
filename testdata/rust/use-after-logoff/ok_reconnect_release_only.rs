// reconnect-probe: logs on, checks that the default store answers, logs off, and reconnects
// a few times (a soak test for a flaky Exchange connection).
//
// After Logoff the only thing that happens to the old session is its release: the
// re-assignment of `current` drops it. Store references (including the IMAPIProp obtained
// with `.cast()`) are locals of `probe_store` and are gone before Logoff.
use core::ptr;
use windows::core::{Error, Interface, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::AddressBook::*;

const PR_DISPLAY_NAME_W: u32 = 0x3001_001F;

fn logon(profile: &str) -> Result<IMAPISession> {
    let mut name: Vec<i8> = profile.bytes().map(|b| b as i8).chain(std::iter::once(0)).collect();
    let mut out: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, name.as_mut_ptr(), ptr::null_mut(), MAPI_EXTENDED | MAPI_EXPLICIT_PROFILE | MAPI_NEW_SESSION, &mut out)? };
    match out {
        Some(session) => Ok(session),
        None => Err(Error::from(E_FAIL)),
    }
}

/// Open the store, read one property through IMAPIProp, release everything.
fn probe_store(session: &IMAPISession, eid: &[u8]) -> Result<()> {
    let mut store: Option<IMsgStore> = None;
    unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_ptr() as *mut _, ptr::null_mut(), MDB_NO_DIALOG, &mut store)? };
    let Some(store) = store else { return Err(Error::from(E_FAIL)) };
    let prop = store.cast::<IMAPIProp>()?;
    let mut tags = SPropTagArray { cValues: 1, aulPropTag: [PR_DISPLAY_NAME_W] };
    let mut count = 0u32;
    let mut values: *mut SPropValue = ptr::null_mut();
    unsafe { prop.GetProps(&mut tags, 0, &mut count, &mut values)? };
    unsafe { MAPIFreeBuffer(values as *mut _) };
    Ok(())
}

fn log_off(session: &IMAPISession, round: u32) {
    match unsafe { session.Logoff(0, 0, 0) } {
        Ok(()) => println!("round {round}: logged off"),
        Err(e) => eprintln!("round {round}: Logoff failed: {e}"),
    }
}

fn soak(profile: &str, eid: &[u8], rounds: u32) -> Result<u32> {
    let mut failures = 0;
    let mut current: Option<IMAPISession> = None;
    for round in 0..rounds {
        if let Some(old) = &current {
            log_off(old, round);
        }
        // Re-assignment releases the old, logged-off session: a Release, not a use.
        current = match logon(profile) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("round {round}: logon failed: {e}");
                None
            }
        };
        if let Some(session) = &current {
            if probe_store(session, eid).is_err() {
                failures += 1;
            }
        }
    }
    if let Some(last) = current.take() {
        log_off(&last, rounds);
        drop(last);
    }
    Ok(failures)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: reconnect-probe <profile> <store-entry-id>");
        return Ok(());
    }
    unsafe { MAPIInitialize(None)? };
    let result = soak(&args[1], args[2].as_bytes(), 5);
    unsafe { MAPIUninitialize() };
    println!("failures: {:?}", result);
    result.map(|_| ())
}
