// outbox-flush: logs on to each profile named on the command line, reports how many
// messages wait in its Outbox, and logs off.
//
// windows crate projection.
// BUG 1: with -v, `flush_profile` prints the session identity again after `log_off` has
// logged the session off: `describe_identity` calls QueryIdentity on a logged-off session.
// BUG 2: the address book is kept in `_abook` ("keep it loaded for the recipient checks")
// instead of `let _ =`, so it is still open when the session is logged off.
use core::ptr;
use windows::core::{Error, Interface, IUnknown, Result};
use windows::Win32::System::AddressBook::*;

const PR_IPM_OUTBOX_ENTRYID: u32 = 0x35E2_0102;

struct Options {
    verbose: bool,
    ui: bool,
    profiles: Vec<String>,
}

fn parse_args() -> Option<Options> {
    let mut opts = Options { verbose: false, ui: false, profiles: Vec::new() };
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "-v" => opts.verbose = true,
            "--ui" => opts.ui = true,
            s if s.starts_with('-') => return None,
            s => opts.profiles.push(s.to_owned()),
        }
    }
    if opts.profiles.is_empty() { None } else { Some(opts) }
}

fn log_off(session: &IMAPISession, ui: bool) -> Result<()> {
    let flags = if ui { MAPI_LOGOFF_UI } else { 0 };
    unsafe { session.Logoff(0, flags, 0) }
}

fn describe_identity(session: &IMAPISession) -> String {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    match unsafe { session.QueryIdentity(&mut cb, &mut eid) } { //~ use-after-logoff
        Ok(()) => {
            unsafe { MAPIFreeBuffer(eid as *mut _) };
            format!("identity: {cb}-byte entry ID")
        }
        Err(e) => format!("identity unavailable: {e}"),
    }
}

fn open_outbox(session: &IMAPISession, store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut value: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(store, PR_IPM_OUTBOX_ENTRYID, &mut value)? };
    let bin = unsafe { (*value).Value.bin };
    let mut obj_type = 0u32;
    let mut unknown: Option<IUnknown> = None;
    let opened = unsafe { session.OpenEntry(bin.cb, bin.lpb as *mut ENTRYID, ptr::null_mut(), MAPI_BEST_ACCESS, &mut obj_type, &mut unknown) };
    unsafe { MAPIFreeBuffer(value as *mut _) };
    opened?;
    unknown.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?.cast::<IMAPIFolder>()
}

/// Entry ID of the default store; the row set is freed before returning.
fn default_store_eid(session: &IMAPISession) -> Result<Vec<u8>> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows: *mut SRowSet = ptr::null_mut();
    unsafe { HrQueryAllRows(&table, ptr::null_mut(), ptr::null_mut(), ptr::null_mut(), 0, &mut rows)? };
    let mut found = None;
    for i in 0..unsafe { (*rows).cRows } as usize {
        let row = unsafe { &*(*rows).aRow.as_ptr().add(i) };
        let props = unsafe { std::slice::from_raw_parts(row.lpProps, row.cValues as usize) };
        let is_default = props.iter().any(|p| p.ulPropTag == PR_DEFAULT_STORE && unsafe { p.Value.b } != 0);
        if let (true, Some(eid)) = (is_default, props.iter().find(|p| p.ulPropTag == PR_ENTRYID)) {
            let bin = unsafe { eid.Value.bin };
            found = Some(unsafe { std::slice::from_raw_parts(bin.lpb, bin.cb as usize) }.to_vec());
            break;
        }
    }
    unsafe { FreeProws(rows) };
    found.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))
}

/// Number of messages waiting in the Outbox. Everything opened here is released on return.
fn pending(session: &IMAPISession) -> Result<u32> {
    let mut eid = default_store_eid(session)?;
    let store = unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_mut_ptr() as *mut ENTRYID, None, MAPI_BEST_ACCESS | MDB_NO_DIALOG)? };
    let outbox = open_outbox(session, &store)?;
    let contents = unsafe { outbox.GetContentsTable(0)? };
    let mut rows = 0u32;
    unsafe { contents.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

fn flush_profile(name: &str, opts: &Options) -> Result<u32> {
    let mut profile: Vec<u8> = name.bytes().chain(std::iter::once(0)).collect();
    let session = unsafe { MAPILogonEx(0, profile.as_mut_ptr() as *mut i8, None, MAPI_EXTENDED | MAPI_EXPLICIT_PROFILE | MAPI_NEW_SESSION)? };
    if opts.verbose {
        eprintln!("{name}: {}", describe_identity(&session));
    }
    // Recipient checks need the address book; keep it for the whole run.
    let _abook = unsafe { session.OpenAddressBook(0, None, AB_NO_DIALOG) }.ok(); //~ open-object-at-logoff
    let counted = pending(&session);
    log_off(&session, opts.ui)?;
    if opts.verbose {
        eprintln!("{name}: logged off, {}", describe_identity(&session));
    }
    counted
}

fn main() {
    let Some(opts) = parse_args() else {
        eprintln!("usage: outbox-flush [-v] [--ui] <profile>...");
        std::process::exit(2);
    };
    if let Err(e) = unsafe { MAPIInitialize(None) } {
        eprintln!("MAPIInitialize failed: {e}");
        std::process::exit(1);
    }
    for name in &opts.profiles {
        match flush_profile(name, &opts) {
            Ok(n) => println!("{name}: {n} message(s) in the Outbox"),
            Err(e) => eprintln!("{name}: {e}"),
        }
    }
    unsafe { MAPIUninitialize() };
}
