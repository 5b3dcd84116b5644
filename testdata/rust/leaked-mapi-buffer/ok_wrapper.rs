// A buffer owned by a wrapper: the allocation's failure test goes through HRESULT::from_win32,
// a null check returns early, and the pointer moves into the wrapper.
fn new(count: usize) -> Result<Buffer, MAPIAllocError> {
    let mut alloc = ptr::null_mut();
    HRESULT::from_win32(unsafe { MAPIAllocateBuffer(count as u32, &mut alloc) } as u32)
        .ok()
        .map_err(MAPIAllocError::AllocationFailed)?;
    if alloc.is_null() {
        return Err(MAPIAllocError::OutOfMemory);
    }
    Ok(Buffer::new(alloc as *mut _))
}

// Bindings whose result is not a buffer handle.
fn rows(table: &IMAPITable, rows: &mut RowSet) -> windows_core::Result<()> {
    unsafe { HrQueryAllRows(table, ptr::null_mut(), ptr::null_mut(), ptr::null_mut(), 50, rows.as_mut_ptr())? };
    Ok(())
}
