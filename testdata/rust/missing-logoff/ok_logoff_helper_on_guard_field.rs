// storecheck: for each profile named on the command line, log on through outlook-mapi's
// `Logon`, read the default store's display name, and log off through a helper that
// takes the session by reference (`close(&logon.session)`). The helper logs the `Logon`'s
// session off, so dropping `logon` afterwards releases a session that was logged off.
use std::ptr;
use std::sync::Arc;
use anyhow::{Context, Result};
use outlook_mapi::{sys::*, *};

const PR_DISPLAY_NAME_W: u32 = 0x3001_001F;

fn close(session: &IMAPISession) {
    if let Err(e) = unsafe { session.Logoff(0, 0, 0) } {
        eprintln!("Logoff failed: {e}");
    }
}

fn store_name(session: &IMAPISession) -> Result<String> {
    let mut store = None;
    unsafe { session.OpenMsgStore(0, 0, ptr::null_mut(), ptr::null_mut(), MDB_NO_DIALOG, &mut store) }
        .context("OpenMsgStore")?;
    let store = store.context("no default store")?;
    let mut prop: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(&store, PR_DISPLAY_NAME_W, &mut prop) }.context("PR_DISPLAY_NAME_W")?;
    let name = unsafe { (*prop).Value.lpszW.to_string() };
    unsafe { MAPIFreeBuffer(prop as *mut _) };
    Ok(name.unwrap_or_default())
}

fn check(init: &Arc<Initialize>, profile: &str) -> Result<String> {
    let flags = LogonFlags { extended: true, explicit_profile: true, new_session: true, ..Default::default() };
    let logon = Logon::new(init.clone(), Default::default(), Some(profile), None, flags)
        .with_context(|| format!("{profile}: logon"))?;
    // Whatever the store said, log off before the guard goes.
    let name = store_name(&logon.session);
    close(&logon.session);
    name
}

fn main() -> Result<()> {
    let init = Initialize::new(InitializeFlags::default()).context("MAPIInitialize")?;
    let mut failed = 0;
    for profile in std::env::args().skip(1) {
        match check(&init, &profile) {
            Ok(name) => println!("{profile}: {name}"),
            Err(e) => {
                eprintln!("{e:#}");
                failed += 1;
            }
        }
    }
    if failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}
