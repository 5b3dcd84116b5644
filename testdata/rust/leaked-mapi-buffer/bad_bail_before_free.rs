// storename: print the display name of the default store. anyhow's `bail!` returns an
// error like `return Err(..)` does: the property read with HrGetOneProp is not freed on
// that path.
use std::ptr;
use anyhow::{bail, ensure, Context, Result};
use windows::Win32::System::AddressBook::*;

const PR_DISPLAY_NAME_W: u32 = 0x3001_001F;
const PR_MDB_PROVIDER: u32 = 0x3414_0102;

fn display_name(store: &IMsgStore) -> Result<String> {
    let mut prop: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(store, PR_DISPLAY_NAME_W, &mut prop) }.context("PR_DISPLAY_NAME_W")?; //~ leaked-mapi-buffer
    let name = unsafe { (*prop).Value.lpszW.to_string() }.unwrap_or_default();
    if name.is_empty() {
        // BUG: returns with `prop` still allocated.
        bail!("the default store has no name");
    }
    unsafe { MAPIFreeBuffer(prop as *mut _) };
    Ok(name)
}

fn provider(store: &IMsgStore) -> Result<usize> {
    let mut prop: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(store, PR_MDB_PROVIDER, &mut prop) }.context("PR_MDB_PROVIDER")?;
    let cb = unsafe { (*prop).Value.bin.cb } as usize;
    unsafe { MAPIFreeBuffer(prop as *mut _) };
    // Checked after the free: nothing is held when `ensure!` returns.
    ensure!(cb == 16, "unexpected provider UID size {cb}");
    Ok(cb)
}

pub fn describe(store: &IMsgStore) -> Result<String> {
    let name = display_name(store)?;
    let cb = provider(store)?;
    Ok(format!("{name} ({cb}-byte provider UID)"))
}
