// store-lister: log on to a MAPI profile with outlook-mapi, list the message stores and the
// number of items in each store's root folder, then log off.
//
// The work after the logon is done in helpers whose errors are *collected* rather than
// propagated with `?` from main: an early return from main would drop the Logon (and release
// the session) without Logoff. Logoff therefore always runs before the Logon is dropped.
use core::ptr;
use outlook_mapi::{sys::*, *};
use windows_core::*;

/// Command line: `store-lister [profile]`.
fn usage() {
    eprintln!("usage: store-lister [profile-name]");
    eprintln!("  lists every message store of the profile (default profile if omitted)");
}

/// Number of rows in the contents table of the store's root folder.
fn count_root_items(store: &IMsgStore) -> Result<u32> {
    let mut obj_type = 0u32;
    let mut unknown: Option<IUnknown> = None;
    unsafe {
        store.OpenEntry(0, ptr::null_mut(), ptr::null_mut(), MAPI_BEST_ACCESS, &mut obj_type, &mut unknown)?;
    }
    // OpenEntry succeeded but handed back nothing: treat as "not found".
    let Some(unknown) = unknown else {
        return Err(Error::from(MAPI_E_NOT_FOUND));
    };
    let folder = unknown.cast::<IMAPIFolder>()?;
    let contents = unsafe { folder.GetContentsTable(0)? };
    let mut count = 0u32;
    unsafe { contents.GetRowCount(0, &mut count)? };
    // contents, folder and unknown are dropped here, in that order.
    Ok(count)
}

/// Walk the message stores table; every store is released at the end of its iteration.
fn list_stores(session: &IMAPISession) -> Result<usize> {
    SizedSPropTagArray! { StoreColumns[2] }
    let mut columns = StoreColumns {
        aulPropTag: [PR_ENTRYID, PR_DISPLAY_NAME_W],
        ..Default::default()
    };
    let mut rows: RowSet = Default::default();
    let table = unsafe { session.GetMsgStoresTable(0)? };
    unsafe {
        HrQueryAllRows(&table, columns.as_mut_ptr(), ptr::null_mut(), ptr::null_mut(), 0, rows.as_mut_ptr())?;
    }

    let mut listed = 0usize;
    for (idx, row) in rows.into_iter().enumerate() {
        let mut values = row.iter();
        let Some(PropValue { value: PropValueData::Binary(entry_id), .. }) = values.next() else {
            eprintln!("store {idx}: no entry ID, skipped");
            continue;
        };
        let mut store: Option<IMsgStore> = None;
        unsafe {
            session.OpenMsgStore(
                0,
                entry_id.len() as u32,
                entry_id.as_ptr() as *mut _,
                ptr::null_mut(),
                MAPI_BEST_ACCESS | MDB_NO_DIALOG | MDB_NO_MAIL,
                &mut store,
            )?;
        }
        let Some(store) = store else {
            eprintln!("store {idx}: OpenMsgStore returned no object");
            continue;
        };
        match count_root_items(&store) {
            Ok(n) => println!("store {idx}: {n} item(s) in the root folder"),
            Err(e) => eprintln!("store {idx}: cannot read root folder: {e}"),
        }
        listed += 1;
    }
    Ok(listed)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() > 2 || args.iter().any(|a| a == "-h" || a == "--help") {
        usage();
        return Ok(());
    }
    let profile = args.get(1).map(String::as_str);

    // A failed Initialize/Logon acquired nothing: plain `?` is correct here.
    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(
        initialized,
        Default::default(),
        profile,
        None,
        LogonFlags { extended: true, unicode: true, use_default: profile.is_none(), explicit_profile: profile.is_some(), ..Default::default() },
    )?;

    // Collect the outcome instead of returning early with `?`.
    let outcome = list_stores(&logon.session);
    match &outcome {
        Ok(n) => println!("{n} store(s) listed"),
        Err(e) => eprintln!("listing failed: {e}"),
    }

    // Everything opened from the session has been released by now.
    unsafe { logon.session.Logoff(0, 0, 0)? };
    outcome.map(|_| ())
}
