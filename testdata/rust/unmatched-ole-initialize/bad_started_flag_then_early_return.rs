// clip-export: copies the selected messages' subjects to the clipboard as text. OLE is
// needed only for the clipboard, so the tool carries on without it when it cannot start.
//
// OLE's success is recorded in a flag made by a `match` (`Ok(()) => true, Err(e) => { ..;
// false }`), and OleUninitialize runs only under it.
// BUG: when MAPIInitialize fails, main returns at once: OLE, started, is never uninitialized.
use std::ptr;

use windows::core::Result;
use windows::Win32::System::Mapi::*;
use windows::Win32::System::Ole::{OleInitialize, OleUninitialize};

fn subjects(session: &IMAPISession) -> Result<Vec<String>> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok((0..rows).map(|i| format!("store #{i}")).collect())
}

fn export(lines: &[String], clipboard: bool) {
    if clipboard {
        println!("(copied {} line(s) to the clipboard)", lines.len());
    } else {
        for l in lines {
            println!("{l}");
        }
    }
}

fn with_session() -> Result<Vec<String>> {
    let mut session = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session)? };
    let Some(session) = session else {
        return Ok(Vec::new());
    };
    let lines = subjects(&session);
    let _ = unsafe { session.Logoff(0, 0, 0) };
    lines
}

fn main() {
    let ole = match unsafe { OleInitialize(None) } { //~ unmatched-ole-initialize
        Ok(()) => true,
        Err(e) => {
            eprintln!("OleInitialize failed ({e}); printing instead of copying");
            false
        }
    };
    if let Err(e) = unsafe { MAPIInitialize(ptr::null_mut()) } {
        eprintln!("MAPIInitialize failed: {e}");
        return;
    }
    match with_session() {
        Ok(lines) => export(&lines, ole),
        Err(e) => eprintln!("clip-export: {e}"),
    }
    // OLE first, then MAPI.
    if ole {
        unsafe { OleUninitialize() };
    }
    unsafe { MAPIUninitialize() };
}
