// A failed start (`?`, is_err, if let Err, match) acquires nothing; guards end what they start.
use windows::core::Result;

fn plain() -> Result<()> {
    unsafe { OleInitialize(None)? };
    do_work();
    unsafe { OleUninitialize() };
    Ok(())
}

fn checked() {
    let hr = unsafe { CoInitializeEx(None, COINIT_MULTITHREADED) };
    if hr.is_err() {
        return;
    }
    do_work();
    unsafe { CoUninitialize() };
}

fn if_let() {
    if let Err(e) = unsafe { OleInitialize(None) } {
        log(e);
        return;
    }
    unsafe { OleUninitialize() };
}

fn matched() -> Result<()> {
    match unsafe { OleInitialize(None) } {
        Ok(()) => {
            do_work();
            unsafe { OleUninitialize() };
            Ok(())
        }
        Err(e) => Err(e),
    }
}

struct OleGuard;

impl OleGuard {
    fn new() -> Result<OleGuard> {
        unsafe { OleInitialize(None)? };
        Ok(OleGuard)
    }
}

impl Drop for OleGuard {
    fn drop(&mut self) {
        unsafe { OleUninitialize() };
    }
}

fn main() -> Result<()> {
    let _ole = OleGuard::new()?;
    do_work()?;
    Ok(())
}
