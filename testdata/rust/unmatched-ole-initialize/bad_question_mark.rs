// windows-rs style: a `?` after OleInitialize returns with OLE still initialized.
use windows::core::Result;
use windows::Win32::System::Ole::{OleInitialize, OleUninitialize};

fn run() -> Result<()> {
    unsafe { OleInitialize(None)? }; //~ unmatched-ole-initialize
    unsafe { MAPIInitialize(None)? }; //~ unmatched-mapi-initialize
    do_work()?;
    unsafe { OleUninitialize() };
    unsafe { MAPIUninitialize() };
    Ok(())
}

fn main() -> Result<()> {
    let hr = unsafe { CoInitializeEx(None, COINIT_APARTMENTTHREADED) }; //~ unmatched-ole-initialize
    if hr.is_err() {
        return Err(hr.into());
    }
    if !ready() {
        return Ok(());
    }
    unsafe { CoUninitialize() };
    run()
}
