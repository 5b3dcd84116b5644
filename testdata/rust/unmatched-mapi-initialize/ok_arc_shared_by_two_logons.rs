// mailbox-sync: compares the stores table of the user's primary profile with that of an
// archive profile. Both Logons share one Arc<Initialize>: MAPIUninitialize runs once, when the
// last clone goes away (the end of main), not when `initialized` or one Logon is dropped.
//
// OLE is needed for the clipboard export and must be uninitialized while MAPI is still up,
// so main keeps its own clone of the Arc until after OleUninitialize.
use std::sync::Arc;
use outlook_mapi::{sys::*, *};
use windows::Win32::System::Ole::{OleInitialize, OleUninitialize};
use windows_core::*;

struct Options {
    archive_profile: Option<String>,
    verbose: bool,
}

fn parse_args() -> Option<Options> {
    let mut opts = Options { archive_profile: None, verbose: false };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-v" => opts.verbose = true,
            "-a" => opts.archive_profile = Some(args.next()?),
            _ => return None,
        }
    }
    Some(opts)
}

fn store_count(session: &IMAPISession) -> Result<u32> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

/// Log off without letting a failure skip the other Logon's logoff.
fn log_off(name: &str, logon: &Logon) {
    if let Err(e) = unsafe { logon.session.Logoff(0, 0, 0) } {
        eprintln!("{name}: Logoff failed: {e}");
    }
}

/// Both Logons hold a clone of `initialized`; neither drop here is the last one, because
/// the caller still owns its Arc.
fn compare_profiles(initialized: &Arc<Initialize>, opts: &Options) -> Result<()> {
    let primary = Logon::new(initialized.clone(), Default::default(), None, None, LogonFlags { extended: true, use_default: true, ..Default::default() })?;
    let archive = match &opts.archive_profile {
        Some(name) => match Logon::new(initialized.clone(), Default::default(), Some(name), None, LogonFlags { extended: true, explicit_profile: true, new_session: true, ..Default::default() }) {
            Ok(logon) => Some(logon),
            Err(e) => {
                eprintln!("cannot log on to {name}: {e}");
                None
            }
        },
        None => None,
    };

    let ours = store_count(&primary.session).unwrap_or(0);
    let theirs = archive.as_ref().map(|a| store_count(&a.session).unwrap_or(0));
    if opts.verbose {
        println!("primary: {ours} store(s), archive: {theirs:?}");
    }

    if let Some(a) = &archive {
        log_off("archive", a);
    }
    log_off("primary", &primary);
    Ok(())
    // archive, then primary, are dropped here: each releases its (logged off) session and
    // drops one clone of the Arc.
}

fn main() -> Result<()> {
    let Some(opts) = parse_args() else {
        eprintln!("usage: mailbox-sync [-v] [-a archive-profile]");
        return Ok(());
    };
    let initialized = Initialize::new(Default::default())?;
    // If OleInitialize fails, `?` drops `initialized`, the only reference: MAPIUninitialize.
    unsafe { OleInitialize(None)? };

    let result = compare_profiles(&initialized, &opts);
    let extra = initialized.clone();
    drop(initialized); // not the last reference: `extra` is still alive
    if result.is_ok() {
        println!("comparison done");
    }

    unsafe { OleUninitialize() };
    drop(extra); // the last reference: MAPIUninitialize, after OleUninitialize
    result
}
