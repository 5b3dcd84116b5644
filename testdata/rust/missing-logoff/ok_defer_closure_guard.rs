// folder-sizes: prints the number of subfolders and messages of the root folder of the
// default store, and with --probe only checks that the profile can be logged on to.
//
// windows crate projection. Correct:
// - `run` registers the Logoff in a `Defer` guard right after MAPILogonEx succeeded. The
//   guard is declared after `session`, so it is dropped before it on every exit (each `?`
//   included): Logoff, then the session's release. The store, folder and tables are
//   declared after the guard and are dropped before it, i.e. before Logoff.
// - `probe_profile` only has a session when the logon succeeded (`let Ok(..) else`), and
//   logs it off with no early exit in between.
// - MAPI itself is held by a `MapiGuard` declared first in `main`, so it goes last.
use core::ptr;
use windows::core::{Error, Interface, IUnknown, Result};
use windows::Win32::System::AddressBook::*;

/// Runs a closure when dropped (a hand-rolled `scopeguard::defer!`).
struct Defer<F: FnMut()>(F);

impl<F: FnMut()> Drop for Defer<F> {
    fn drop(&mut self) {
        (self.0)()
    }
}

struct MapiGuard;

impl MapiGuard {
    fn new() -> Result<MapiGuard> {
        unsafe { MAPIInitialize(None)? };
        Ok(MapiGuard)
    }
}

impl Drop for MapiGuard {
    fn drop(&mut self) {
        unsafe { MAPIUninitialize() };
    }
}

fn open_store(session: &IMAPISession, eid: &mut [u8]) -> Result<IMsgStore> {
    unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_mut_ptr() as *mut ENTRYID, None, MAPI_BEST_ACCESS | MDB_NO_DIALOG) }
}

fn open_root(store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut obj_type = 0u32;
    let mut unknown: Option<IUnknown> = None;
    unsafe { store.OpenEntry(0, ptr::null_mut(), ptr::null_mut(), MAPI_BEST_ACCESS, &mut obj_type, &mut unknown)? };
    let Some(unknown) = unknown else {
        return Err(Error::from(MAPI_E_NOT_FOUND));
    };
    unknown.cast::<IMAPIFolder>()
}

fn row_count(table: &IMAPITable) -> Result<u32> {
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

fn run(store_eid: &str) -> Result<()> {
    let mut eid = hex_decode(store_eid).ok_or_else(|| Error::from(MAPI_E_INVALID_PARAMETER))?;
    let session = unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL)? };
    let _logoff = Defer(|| {
        if let Err(e) = unsafe { session.Logoff(0, 0, 0) } {
            eprintln!("folder-sizes: Logoff failed: {e}");
        }
    });

    // The status table is not needed: `let _ =` releases it at once.
    let _ = unsafe { session.GetStatusTable(0) };

    let store = open_store(&session, &mut eid)?;
    let root = open_root(&store)?;
    let hierarchy = unsafe { root.GetHierarchyTable(0)? };
    let contents = unsafe { root.GetContentsTable(0)? };
    println!("{} subfolder(s), {} message(s)", row_count(&hierarchy)?, row_count(&contents)?);
    Ok(())
    // dropped here: contents, hierarchy, root, store, _logoff (Logoff), session, eid
}

fn probe_profile() -> bool {
    let Ok(session) = (unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL) }) else {
        // no session on this path: nothing to log off
        return false;
    };
    let logged_off = unsafe { session.Logoff(0, 0, 0) }.is_ok();
    drop(session);
    logged_off
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let _mapi = MapiGuard::new()?;
    match args.as_slice() {
        [flag] if flag == "--probe" => {
            println!("profile {}", if probe_profile() { "ok" } else { "unavailable" });
            Ok(())
        }
        [eid] => run(eid),
        _ => {
            eprintln!("usage: folder-sizes <store-entry-id-hex> | --probe");
            Ok(())
        }
    }
}
