// status-watch: polls the session's status table a few times and prints the provider
// states, for diagnosing a stuck send/receive.
//
// The status table is kept in `status`, declared *before* the Logon so it can be filled
// in lazily. Locals drop in reverse declaration order, so at the end of main the Logon is
// dropped first (releasing the session and the only Arc<Initialize>: MAPIUninitialize) and
// `status` after it.
// BUGS: the table is still open when Logoff runs, and it is released after
// MAPIUninitialize.
use core::ptr;
use std::time::Duration;
use outlook_mapi::{sys::*, *};
use windows_core::*;

const PR_STATUS_CODE: u32 = 0x3E04_0003;
const POLLS: u32 = 3;

fn print_rows(table: &IMAPITable) -> Result<()> {
    let mut cols = SPropTagArray { cValues: 1, aulPropTag: [PR_STATUS_CODE] };
    unsafe { table.SetColumns(&mut cols, 0)? };
    unsafe { table.SeekRow(BOOKMARK_BEGINNING, 0, ptr::null_mut())? };
    let mut rows: *mut SRowSet = ptr::null_mut();
    unsafe { table.QueryRows(50, 0, &mut rows)? };
    let n = unsafe { (*rows).cRows };
    println!("{n} status row(s)");
    unsafe { FreeProws(rows) };
    Ok(())
}

fn poll(table: &IMAPITable) {
    for i in 0..POLLS {
        if let Err(e) = print_rows(table) {
            eprintln!("poll {i}: {e}");
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

fn main() -> Result<()> {
    if std::env::args().len() > 1 {
        eprintln!("usage: status-watch");
        return Ok(());
    }

    let mut status: Option<IMAPITable> = None;
    let logon = Logon::new(Initialize::new(Default::default())?, Default::default(), None, None, LogonFlags { extended: true, use_default: true, ..Default::default() })?;

    match unsafe { logon.session.GetStatusTable(0) } { //~ open-object-at-logoff
        Ok(table) => status = Some(table),
        Err(e) => eprintln!("GetStatusTable failed: {e}"),
    }
    if let Some(table) = &status {
        poll(table);
    }

    if let Err(e) = unsafe { logon.session.Logoff(0, 0, 0) } {
        eprintln!("Logoff failed: {e}");
    }
    Ok(())
} //~ use-after-mapi-uninitialize
