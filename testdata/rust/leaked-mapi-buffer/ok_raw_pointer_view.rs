// folders: list the subfolders of the IPM subtree with a column set built in MAPI memory,
// as the C samples build it. The column array is written through a typed view of the
// buffer (`let tags = columns as *mut u32;`): a raw pointer is `Copy`, so the view is not
// the owner. The buffer is freed through `columns` once SetColumns has copied it.
use std::ptr;
use anyhow::{anyhow, Context, Result};
use windows::Win32::System::AddressBook::*;

const PR_DISPLAY_NAME_W: u32 = 0x3001_001F;
const PR_CONTENT_COUNT: u32 = 0x3602_0003;

fn set_columns(hierarchy: &IMAPITable) -> Result<()> {
    let mut columns: *mut core::ffi::c_void = ptr::null_mut();
    let bytes = (std::mem::size_of::<u32>() * 3) as u32;
    let sc = unsafe { MAPIAllocateBuffer(bytes, &mut columns) };
    if sc != 0 {
        return Err(anyhow!("MAPIAllocateBuffer failed: {sc:#x}"));
    }
    // Fill the SPropTagArray: a count, then the tags.
    unsafe {
        let tags = columns as *mut u32;
        *tags = 2;
        *tags.add(1) = PR_DISPLAY_NAME_W;
        *tags.add(2) = PR_CONTENT_COUNT;
    }
    let set = unsafe { hierarchy.SetColumns(columns as *mut SPropTagArray, 0) };
    unsafe { MAPIFreeBuffer(columns) };
    set.context("SetColumns")
}

// The same array handed on through a second name that is the one freed.
fn set_columns_through_alias(hierarchy: &IMAPITable) -> Result<()> {
    let mut raw: *mut core::ffi::c_void = ptr::null_mut();
    if unsafe { MAPIAllocateBuffer(12, &mut raw) } != 0 {
        return Err(anyhow!("out of memory"));
    }
    let array = raw as *mut SPropTagArray;
    unsafe {
        (*array).cValues = 1;
    }
    let set = unsafe { hierarchy.SetColumns(array, 0) };
    unsafe { MAPIFreeBuffer(array as *mut _) };
    set.context("SetColumns")
}

fn count_rows(hierarchy: &IMAPITable) -> Result<u32> {
    let mut rows: *mut SRowSet = ptr::null_mut();
    unsafe { hierarchy.QueryRows(50, 0, &mut rows) }.context("QueryRows")?;
    let n = unsafe { (*rows).cRows };
    unsafe { FreeProws(rows) };
    Ok(n)
}

pub fn list(folder: &IMAPIFolder) -> Result<u32> {
    let hierarchy = unsafe { folder.GetHierarchyTable(0) }.context("GetHierarchyTable")?;
    set_columns(&hierarchy)?;
    set_columns_through_alias(&hierarchy)?;
    count_rows(&hierarchy)
}
