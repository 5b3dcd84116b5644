// rules-audit: counts the rows of the stores table for the default profile while an OLE
// data object is registered with the clipboard for the report.
//
// The Logon is built from a clone of `initialized`; it is logged off and dropped first
// (one clone gone, MAPI still initialized). Then `initialized`, now the only remaining
// reference, is dropped: that drop is MAPIUninitialize.
// BUG: OleUninitialize runs after it.
use outlook_mapi::{sys::*, *};
use windows::Win32::System::Ole::{OleFlushClipboard, OleInitialize, OleUninitialize};
use windows_core::*;

struct Report {
    stores: u32,
    published: bool,
}

fn count_stores(session: &IMAPISession) -> Result<u32> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows = 0;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

fn publish(report: &mut Report) {
    // The real tool puts a data object on the clipboard; flushing keeps it after exit.
    report.published = unsafe { OleFlushClipboard() }.is_ok();
}

fn main() -> Result<()> {
    let verbose = std::env::args().any(|a| a == "-v");
    unsafe { OleInitialize(None)? };

    let initialized = match Initialize::new(Default::default()) {
        Ok(init) => init,
        Err(e) => {
            eprintln!("MAPI is not available: {e}");
            unsafe { OleUninitialize() };
            return Err(e);
        }
    };

    let mut report = Report { stores: 0, published: false };
    match Logon::new(initialized.clone(), Default::default(), None, None, LogonFlags { extended: true, use_default: true, ..Default::default() }) {
        Ok(logon) => {
            match count_stores(&logon.session) {
                Ok(n) => report.stores = n,
                Err(e) => eprintln!("stores table: {e}"),
            }
            if let Err(e) = unsafe { logon.session.Logoff(0, 0, 0) } {
                eprintln!("Logoff failed: {e}");
            }
            // logon dropped here: releases the session and one clone of the Arc.
        }
        Err(e) => eprintln!("logon failed: {e}"),
    }

    publish(&mut report);
    if verbose {
        println!("{} store(s), published: {}", report.stores, report.published);
    }

    drop(initialized); // the only reference left: MAPIUninitialize
    unsafe { OleUninitialize() }; //~ ole-uninitialize-after-mapi-uninitialize
    Ok(())
}
