//! unread-root: prints the unread count the default store's root reports. The GetProps array
//! is freed through a pointer cast (`values.cast()`), as windows-rs code usually writes it.

use outlook_mapi::sys::*;
use outlook_mapi::{Initialize, InitializeFlags};
use std::ptr;
use windows_core::Result;

fn unread_in_root(store: &IMsgStore) -> Result<Option<u32>> {
    let mut tags = [1u32, PR_CONTENT_UNREAD];
    let mut count = 0u32;
    let mut values: *mut SPropValue = ptr::null_mut();
    unsafe { store.GetProps(tags.as_mut_ptr().cast(), 0, &mut count, &mut values)? };
    let unread = unsafe {
        let unread = values
            .as_ref()
            .filter(|v| v.ulPropTag == PR_CONTENT_UNREAD)
            .map(|v| v.Value.ul);
        MAPIFreeBuffer(values.cast());
        unread
    };
    Ok(unread)
}

fn main() -> Result<()> {
    let _mapi = Initialize::new(InitializeFlags::default())?;
    let session = unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED | MAPI_USE_DEFAULT)? };
    let unread = match unsafe { HrOpenExchangePrivateStore(&session) } {
        Ok(store) => unread_in_root(&store),
        Err(err) => Err(err),
    };
    unsafe { session.Logoff(0, 0, 0)? };
    match unread? {
        Some(n) => println!("{n} unread"),
        None => println!("no unread count"),
    }
    Ok(())
}
