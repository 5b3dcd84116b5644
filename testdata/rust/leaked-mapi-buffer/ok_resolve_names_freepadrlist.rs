// resolve: look each command-line name up in the address book with
// IAddrBook::ResolveName.  The ADRLIST and the property array of its entry
// are separate MAPI allocations; FreePadrlist frees both.
use std::{mem, ptr, slice};
use windows::core::{Error, Result, PCWSTR, PWSTR};
use windows::Win32::Foundation::E_OUTOFMEMORY;
use windows::Win32::System::AddressBook::*;

fn alloc_adrlist(name: &mut Vec<u16>) -> Result<*mut ADRLIST> {
    let mut list: *mut ADRLIST = ptr::null_mut();
    let cb = (mem::size_of::<ADRLIST>()) as u32;
    unsafe {
        if MAPIAllocateBuffer(cb, &mut list as *mut _ as *mut *mut _) != 0 {
            return Err(Error::from(E_OUTOFMEMORY));
        }
        ptr::write_bytes(list as *mut u8, 0, cb as usize);
        (*list).cEntries = 1;
        let entry = &mut (*list).aEntries[0];
        let mut props: *mut SPropValue = ptr::null_mut();
        if MAPIAllocateBuffer(mem::size_of::<SPropValue>() as u32, &mut props as *mut _ as *mut *mut _) != 0 {
            FreePadrlist(list);
            return Err(Error::from(E_OUTOFMEMORY));
        }
        (*props).ulPropTag = PR_DISPLAY_NAME_W;
        (*props).Value.lpszW = PWSTR(name.as_mut_ptr());
        entry.cValues = 1;
        entry.rgPropVals = props;
    }
    Ok(list)
}

fn find_string(entry: &ADRENTRY, tag: u32) -> Option<String> {
    let props = unsafe { slice::from_raw_parts(entry.rgPropVals, entry.cValues as usize) };
    props
        .iter()
        .find(|p| p.ulPropTag == tag)
        .and_then(|p| unsafe { PCWSTR::from_raw(p.Value.lpszW.0).to_string().ok() })
}

fn resolve(adrbook: &IAddrBook, name: &str) -> Result<(String, String)> {
    let mut wide: Vec<u16> = name.encode_utf16().chain(std::iter::once(0)).collect();
    let list = alloc_adrlist(&mut wide)?;

    // Whatever ResolveName says, the list is freed before we return.
    let resolved = unsafe { adrbook.ResolveName(0, MAPI_UNICODE, PWSTR::null(), list) };
    let answer = resolved.map(|()| unsafe {
        let entry = &(*list).aEntries[0];
        (
            find_string(entry, PR_DISPLAY_NAME_W).unwrap_or_default(),
            find_string(entry, PR_SMTP_ADDRESS_W).unwrap_or_default(),
        )
    });
    unsafe { FreePadrlist(list) };
    answer
}

fn lookup_all(session: &IMAPISession, names: &[String]) -> Result<usize> {
    let adrbook = unsafe { session.OpenAddressBook(0, None, AB_NO_DIALOG)? };
    let mut failures = 0;
    for name in names {
        match resolve(&adrbook, name) {
            Ok((display, smtp)) => println!("{name}: {display} <{smtp}>"),
            Err(e) => {
                println!("{name}: unresolved ({e})");
                failures += 1;
            }
        }
    }
    Ok(failures)
}

fn main() -> Result<()> {
    let names: Vec<String> = std::env::args().skip(1).collect();
    if names.is_empty() {
        eprintln!("usage: resolve NAME...");
        std::process::exit(2);
    }

    unsafe { MAPIInitialize(ptr::null_mut())? };
    let session = match unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_UNICODE) } {
        Ok(s) => s,
        Err(e) => {
            unsafe { MAPIUninitialize() };
            return Err(e);
        }
    };

    let result = lookup_all(&session, &names);
    let _ = unsafe { session.Logoff(0, 0, 0) };
    drop(session);
    unsafe { MAPIUninitialize() };

    let failures = result?;
    std::process::exit(if failures == 0 { 0 } else { 1 });
}
