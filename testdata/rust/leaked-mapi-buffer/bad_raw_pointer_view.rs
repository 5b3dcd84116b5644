// restrict: build a one-column SPropTagArray in MAPI memory through a typed view and set it
// on a contents table. The view (`tags`) is a copy of the raw pointer, not its owner: on the
// `?` after SetColumns the buffer that `columns` holds is never freed.
use std::ptr;
use anyhow::{anyhow, Context, Result};
use windows::Win32::System::AddressBook::*;

const PR_SUBJECT_W: u32 = 0x0037_001F;

fn subject_only(contents: &IMAPITable) -> Result<()> {
    let mut columns: *mut core::ffi::c_void = ptr::null_mut();
    let sc = unsafe { MAPIAllocateBuffer(8, &mut columns) }; //~ leaked-mapi-buffer
    if sc != 0 {
        return Err(anyhow!("MAPIAllocateBuffer failed: {sc:#x}"));
    }
    unsafe {
        let tags = columns as *mut u32;
        *tags = 1;
        *tags.add(1) = PR_SUBJECT_W;
    }
    // BUG: a failed SetColumns returns here with the array still allocated.
    unsafe { contents.SetColumns(columns as *mut SPropTagArray, 0) }.context("SetColumns")?;
    unsafe { MAPIFreeBuffer(columns) };
    Ok(())
}

pub fn subjects(folder: &IMAPIFolder) -> Result<u32> {
    let contents = unsafe { folder.GetContentsTable(0) }.context("GetContentsTable")?;
    subject_only(&contents)?;
    let mut count = 0u32;
    unsafe { contents.GetRowCount(0, &mut count) }.context("GetRowCount")?;
    Ok(count)
}
