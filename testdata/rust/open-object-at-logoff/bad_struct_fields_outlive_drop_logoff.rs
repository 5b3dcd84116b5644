//! gal-lookup: resolves names against the address book for the lifetime of one `Directory`.
//!
//! `Directory::drop` logs the session off; Rust drops the fields only after that body, so
//! the address book opened in `open` is still open when the session goes.

use outlook_mapi::sys::*;
use outlook_mapi::{Initialize, InitializeFlags};
use std::ptr;
use std::sync::Arc;
use windows::Win32::Foundation::E_FAIL;
use windows_core::{Error, Result};

struct Directory {
    session: IMAPISession,
    address_book: IAddrBook,
    _mapi: Arc<Initialize>,
}

impl Directory {
    fn open(mapi: Arc<Initialize>) -> Result<Self> {
        let flags = MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL | MAPI_UNICODE;
        let session = unsafe { MAPILogonEx(0, None, None, flags)? };
        let mut ab = None;
        if let Err(err) = unsafe { session.OpenAddressBook(0, ptr::null_mut(), AB_NO_DIALOG, &mut ab) } { //~ open-object-at-logoff
            let _ = unsafe { session.Logoff(0, 0, 0) };
            return Err(err);
        }
        let Some(address_book) = ab else {
            let _ = unsafe { session.Logoff(0, 0, 0) };
            return Err(Error::from(E_FAIL));
        };
        Ok(Self {
            session,
            address_book,
            _mapi: mapi,
        })
    }

    fn resolve(&self, name: &str) -> Result<bool> {
        let mut entries: *mut ADRLIST = ptr::null_mut();
        let wide: Vec<u16> = name.encode_utf16().chain(Some(0)).collect();
        let hr = unsafe { build_one_entry(&wide, &mut entries) };
        hr?;
        let resolved = unsafe { self.address_book.ResolveName(0, MAPI_UNICODE, ptr::null_mut(), entries) };
        unsafe { FreePadrlist(entries) };
        Ok(resolved.is_ok())
    }
}

impl Drop for Directory {
    fn drop(&mut self) {
        if let Err(err) = unsafe { self.session.Logoff(0, 0, 0) } {
            eprintln!("gal-lookup: Logoff failed: {err}");
        }
    }
}

/// Builds a one-entry ADRLIST holding `PR_DISPLAY_NAME_W` (elided).
unsafe fn build_one_entry(_name: &[u16], _out: &mut *mut ADRLIST) -> Result<()> {
    Ok(())
}

fn main() -> Result<()> {
    let mapi = Initialize::new(InitializeFlags::default())?;
    let dir = Directory::open(mapi)?;
    for name in std::env::args().skip(1) {
        match dir.resolve(&name) {
            Ok(true) => println!("{name}: resolved"),
            Ok(false) => println!("{name}: ambiguous or unknown"),
            Err(err) => eprintln!("{name}: {err}"),
        }
    }
    Ok(())
}
