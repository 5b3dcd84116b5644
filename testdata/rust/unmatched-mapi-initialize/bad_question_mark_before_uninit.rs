// ab-lookup: resolves a display name against the session's address book and prints the
// entry's e-mail address type.
//
// BUG: after a successful MAPIInitialize, `resolve_session()?` returns early when the logon
// fails, and that path never calls MAPIUninitialize. (The logon helper itself is fine: a
// failed MAPILogonEx acquired nothing.)
use core::ptr;
use windows::core::{Error, IUnknown, Interface, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::AddressBook::*;

fn usage() {
    eprintln!("usage: ab-lookup <name>");
}

/// A fresh session for the default profile; the caller logs off and releases it.
fn resolve_session() -> Result<IMAPISession> {
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL, &mut session)? };
    let Some(session) = session else { return Err(Error::from(E_FAIL)) };
    Ok(session)
}

fn open_address_book(session: &IMAPISession) -> Result<IAddrBook> {
    let mut book: Option<IAddrBook> = None;
    unsafe { session.OpenAddressBook(0, ptr::null_mut(), AB_NO_DIALOG, &mut book)? };
    book.ok_or_else(|| Error::from(E_FAIL))
}

/// Looks the name up; every object opened here is released on return.
fn lookup(session: &IMAPISession, name: &str) -> Result<bool> {
    let book = open_address_book(session)?;
    let mut root: Option<IUnknown> = None;
    let mut obj_type = 0u32;
    unsafe { book.OpenEntry(0, ptr::null_mut(), ptr::null_mut(), 0, &mut obj_type, &mut root)? };
    let Some(root) = root else { return Ok(false) };
    let container = root.cast::<IABContainer>()?;
    let contents = unsafe { container.GetContentsTable(0)? };
    let mut rows = 0u32;
    unsafe { contents.GetRowCount(0, &mut rows)? };
    println!("searched {rows} entr(y/ies) for {name}");
    Ok(rows > 0)
}

fn run(name: &str) -> Result<()> {
    unsafe { MAPIInitialize(None)? }; //~ unmatched-mapi-initialize

    let session = resolve_session()?;

    let found = lookup(&session, name);
    match &found {
        Ok(true) => println!("{name}: found"),
        Ok(false) => println!("{name}: not found"),
        Err(e) => eprintln!("{name}: lookup failed: {e}"),
    }

    if let Err(e) = unsafe { session.Logoff(0, 0, 0) } {
        eprintln!("Logoff failed: {e}");
    }
    drop(session);
    unsafe { MAPIUninitialize() };
    found.map(|_| ())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 {
        usage();
        std::process::exit(2);
    }
    if let Err(e) = run(&args[1]) {
        eprintln!("ab-lookup: {e}");
        std::process::exit(1);
    }
}
