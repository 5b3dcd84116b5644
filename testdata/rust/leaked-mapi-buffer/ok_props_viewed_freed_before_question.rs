//! store-label: prints "display name (provider)" for the default store. The property array
//! GetProps returns is read through a slice view and freed before the display name's result
//! is looked at.

use outlook_mapi::sys::*;
use outlook_mapi::{Initialize, InitializeFlags};
use std::{ptr, slice};
use windows_core::{Error, Result, PCWSTR};

fn wide(prop: &SPropValue, tag: u32) -> Result<String> {
    if prop.ulPropTag != tag {
        return Err(Error::from(MAPI_E_NOT_FOUND));
    }
    unsafe { PCWSTR::from_raw(prop.Value.lpszW.0).to_string() }.map_err(|_| Error::from(MAPI_E_CALL_FAILED))
}

fn store_label(store: &IMsgStore) -> Result<String> {
    let mut tags = [2u32, PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W];
    let mut count = 0u32;
    let mut props: *mut SPropValue = ptr::null_mut();
    unsafe { store.GetProps(tags.as_mut_ptr() as *mut SPropTagArray, MAPI_UNICODE, &mut count, &mut props)? };
    let values = unsafe { slice::from_raw_parts(props, count as usize) };
    let name = wide(&values[0], PR_DISPLAY_NAME_W);
    let provider = wide(&values[1], PR_PROVIDER_DISPLAY_W).unwrap_or_default();
    unsafe { MAPIFreeBuffer(props as *mut _) };
    Ok(format!("{} ({provider})", name?))
}

fn main() -> Result<()> {
    let _mapi = Initialize::new(InitializeFlags::default())?;
    let session = unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_UNICODE)? };
    let label = match unsafe { HrOpenExchangePrivateStore(&session) } {
        Ok(store) => store_label(&store),
        Err(err) => Err(err),
    };
    unsafe { session.Logoff(0, 0, 0)? };
    println!("{}", label?);
    Ok(())
}
