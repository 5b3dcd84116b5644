// whoami: print the identity of the default profile's session. The session is wrapped in
// a tuple struct straight out of the logon helper (`s.map(Profile)`), but nothing ever logs
// a `Profile` off: when `main`'s `profile` is dropped the session is released without
// `Logoff`.
use std::ptr;
use anyhow::{Context, Result};
use windows::Win32::System::AddressBook::*;

struct Profile(IMAPISession);

impl Profile {
    fn open() -> windows::core::Result<Self> {
        let mut s = None;
        unsafe {
            MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut s)?; //~ missing-logoff
        }
        s.map(Profile).ok_or_else(|| windows::Win32::Foundation::E_FAIL.into())
    }

    fn identity(&self) -> Result<u32> {
        let mut cb = 0u32;
        let mut eid: *mut ENTRYID = ptr::null_mut();
        unsafe { self.0.QueryIdentity(&mut cb, &mut eid) }.context("QueryIdentity")?;
        unsafe { MAPIFreeBuffer(eid as *mut _) };
        Ok(cb)
    }
}

fn main() -> Result<()> {
    let profile = Profile::open().context("logon")?;
    let cb = profile.identity()?;
    println!("identity entry ID: {cb} bytes");
    Ok(())
}
