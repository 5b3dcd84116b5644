// ost-size: reports the size of every store in a profile, for a disk-usage dashboard.
//
// `connect` hands a fresh session to its caller. `report` logs off on its normal path, but
// BUG: when the stores table cannot be read it returns the error directly, which drops the
// session (Release) without Logoff. The session was started by MAPILogonEx in `connect`.
use core::ptr;
use windows::core::{Error, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::AddressBook::*;

const PR_MESSAGE_SIZE_EXTENDED: u32 = 0x0E08_0014;

/// Logs on with an explicit profile; the returned session belongs to the caller.
fn connect(profile: &str) -> Result<IMAPISession> {
    let mut name: Vec<i8> = profile.bytes().map(|b| b as i8).chain(std::iter::once(0)).collect();
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, name.as_mut_ptr(), ptr::null_mut(), MAPI_EXTENDED | MAPI_EXPLICIT_PROFILE | MAPI_NO_MAIL, &mut session) }?; //~ missing-logoff
    match session {
        Some(s) => Ok(s),
        None => Err(Error::from(E_FAIL)),
    }
}

fn stores_table(session: &IMAPISession) -> Result<IMAPITable> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut cols = SPropTagArray { cValues: 1, aulPropTag: [PR_MESSAGE_SIZE_EXTENDED] };
    unsafe { table.SetColumns(&mut cols, 0)? };
    Ok(table)
}

fn total_size(table: &IMAPITable) -> Result<u64> {
    let mut total = 0u64;
    loop {
        let mut rows: *mut SRowSet = ptr::null_mut();
        unsafe { table.QueryRows(25, 0, &mut rows)? };
        let n = unsafe { (*rows).cRows };
        for i in 0..n as usize {
            let row = unsafe { &*(*rows).aRow.as_ptr().add(i) };
            total += unsafe { (*row.lpProps).Value.li } as u64;
        }
        unsafe { FreeProws(rows) };
        if n == 0 {
            break;
        }
    }
    Ok(total)
}

fn report(profile: &str) -> Result<u64> {
    let session = connect(profile)?;
    let table = match stores_table(&session) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{profile}: stores table unavailable: {e}");
            return Err(e);
        }
    };
    let size = total_size(&table);
    drop(table);
    unsafe { session.Logoff(0, 0, 0)? };
    size
}

fn main() {
    let profiles: Vec<String> = std::env::args().skip(1).collect();
    if profiles.is_empty() {
        eprintln!("usage: ost-size <profile>...");
        std::process::exit(2);
    }
    if unsafe { MAPIInitialize(None) }.is_err() {
        eprintln!("ost-size: MAPIInitialize failed");
        std::process::exit(1);
    }
    for p in &profiles {
        match report(p) {
            Ok(bytes) => println!("{p}: {bytes} bytes"),
            Err(e) => eprintln!("{p}: {e}"),
        }
    }
    unsafe { MAPIUninitialize() };
}
