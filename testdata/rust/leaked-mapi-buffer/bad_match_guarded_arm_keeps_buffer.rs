// folder-size: prints the message size of the default store's root folder.
//
// `HrGetOneProp` is matched with guarded arms: the success arm frees the buffer, except the
// guarded one that returns early when the size is zero, which forgets to.
// BUG: that early return leaks the property buffer.
use std::ptr;

use windows::core::{Error, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::Mapi::*;

const PR_MESSAGE_SIZE: u32 = 0x0E08_0003;

fn folder_size(folder: &IMAPIFolder) -> Result<u32> {
    let mut size: *mut SPropValue = ptr::null_mut();
    let hr = unsafe { HrGetOneProp(folder, PR_MESSAGE_SIZE, &mut size) }; //~ leaked-mapi-buffer
    match hr {
        Ok(()) if unsafe { (*size).Value.l } == 0 => return Ok(0),
        Ok(()) => {}
        Err(e) => return Err(e),
    }
    let n = unsafe { (*size).Value.l as u32 };
    unsafe { MAPIFreeBuffer(size.cast()) };
    Ok(n)
}

fn root_folder(store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut kind = 0u32;
    let mut unk = None;
    unsafe { store.OpenEntry(0, ptr::null_mut(), ptr::null_mut(), 0, &mut kind, &mut unk)? };
    let unk = unk.ok_or_else(|| Error::from(E_FAIL))?;
    windows::core::Interface::cast(&unk)
}

fn report(session: &IMAPISession, eid: &[u8]) -> Result<u32> {
    let store = unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_ptr() as *mut _, ptr::null_mut(), MDB_NO_MAIL)? };
    let root = root_folder(&store)?;
    folder_size(&root)
}

fn main() -> Result<()> {
    let eid: Vec<u8> = std::env::args().nth(1).map(|a| a.into_bytes()).unwrap_or_default();
    unsafe { MAPIInitialize(ptr::null_mut())? };
    let mut session = None;
    if let Err(e) = unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session) } {
        unsafe { MAPIUninitialize() };
        return Err(e);
    }
    let Some(session) = session else {
        unsafe { MAPIUninitialize() };
        return Err(Error::from(E_FAIL));
    };
    let size = report(&session, &eid);
    let _ = unsafe { session.Logoff(0, 0, 0) };
    drop(session);
    unsafe { MAPIUninitialize() };
    println!("{} bytes", size?);
    Ok(())
}
