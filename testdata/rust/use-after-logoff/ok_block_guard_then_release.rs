// calendar-count: counts the appointments in the Calendar of the default store, once per
// --repeat, logging on and off each time (to exercise a profile's logon path).
//
// outlook-mapi crate. Correct:
// - the Logoff is done by a guard that lives in an inner block; the block ends (and the
//   guard logs off) after everything opened from the session inside it has been dropped.
//   After the block the session is only released (`drop(logon)`, the `Reporter`'s clone of
//   the session dropped last): Release is the one call allowed after Logoff.
// - a clone of IMAPISession is the session itself (AddRef), not an object opened from it.
// - every Logon holds a clone of the caller's Arc<Initialize>; `main` keeps its own until
//   the end, so MAPIUninitialize runs once, at the end of `main`.
use core::ptr;
use std::sync::Arc;
use outlook_mapi::{sys::*, *};
use windows_core::*;

const PR_IPM_APPOINTMENT_ENTRYID: u32 = 0x36D0_0102;

struct LogoffGuard<'a>(&'a IMAPISession);

impl Drop for LogoffGuard<'_> {
    fn drop(&mut self) {
        if let Err(e) = unsafe { self.0.Logoff(0, 0, 0) } {
            eprintln!("calendar-count: Logoff failed: {e}");
        }
    }
}

/// Prints progress lines; holds its own reference to the session for the profile name.
struct Reporter {
    session: IMAPISession,
    run: u32,
}

impl Reporter {
    fn line(&self, text: &str) {
        println!("[run {}] {text}", self.run);
    }
}

fn open_calendar(store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut value: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(store, PR_IPM_APPOINTMENT_ENTRYID, &mut value)? };
    let bin = unsafe { (*value).Value.bin };
    let mut obj_type = 0u32;
    let mut unknown = None;
    let opened = unsafe { store.OpenEntry(bin.cb, bin.lpb as *mut _, ptr::null_mut(), 0, &mut obj_type, &mut unknown) };
    unsafe { MAPIFreeBuffer(value as *mut _) };
    opened?;
    unknown.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?.cast::<IMAPIFolder>()
}

fn open_default_store(session: &IMAPISession) -> Result<IMsgStore> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    SizedSPropTagArray! { Cols[2] }
    let mut cols = Cols { aulPropTag: [PR_DEFAULT_STORE, PR_ENTRYID], ..Default::default() };
    let mut rows: RowSet = Default::default();
    unsafe { HrQueryAllRows(&table, cols.as_mut_ptr(), ptr::null_mut(), ptr::null_mut(), 0, rows.as_mut_ptr())? };
    let eid = rows.into_iter().find_map(|row| {
        let mut values = row.iter();
        let Some(PropValue { value: PropValueData::Boolean(true), .. }) = values.next() else { return None };
        match values.next() {
            Some(PropValue { value: PropValueData::Binary(eid), .. }) => Some(eid.to_vec()),
            _ => None,
        }
    });
    let mut eid = eid.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?;
    let mut store = None;
    unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_mut_ptr() as *mut _, ptr::null_mut(), MAPI_BEST_ACCESS | MDB_NO_DIALOG, &mut store)? };
    store.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))
}

fn count_once(initialized: &Arc<Initialize>, run: u32) -> Result<u32> {
    let logon = Logon::new(initialized.clone(), Default::default(), None, None, LogonFlags { extended: true, use_default: true, new_session: true, ..Default::default() })?;
    let reporter = Reporter { session: logon.session.clone(), run };
    reporter.line("logged on");

    let count = {
        let _logoff = LogoffGuard(&logon.session);
        let store = open_default_store(&logon.session)?;
        let calendar = open_calendar(&store)?;
        let contents = unsafe { calendar.GetContentsTable(0)? };
        let mut rows = 0u32;
        unsafe { contents.GetRowCount(0, &mut rows)? };
        rows
        // contents, calendar, store, then _logoff (Logoff) are dropped here
    };

    reporter.line("logged off");
    drop(logon);
    Ok(count)
    // reporter (its session reference) is released here: Release only
}

fn main() -> Result<()> {
    let repeat = match std::env::args().nth(1).as_deref() {
        None => 1,
        Some("--repeat") => std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(3),
        Some(_) => {
            eprintln!("usage: calendar-count [--repeat N]");
            return Ok(());
        }
    };
    let initialized = Initialize::new(Default::default())?;
    for run in 1..=repeat {
        match count_once(&initialized, run) {
            Ok(n) => println!("run {run}: {n} appointment(s)"),
            Err(e) => eprintln!("run {run}: {e}"),
        }
    }
    Ok(())
}
