// inbox-count: logs on, keeps the session in a `Client` that logs off when it is dropped,
// and prints the number of message stores.
//
// `let Some(session) = session else { .. }` shadows the out-parameter with the session it
// holds; the new binding is then moved into the `Client`, whose `Drop` logs off. Every
// path that got a session logs it off exactly once.
use core::ptr;
use windows::core::{Error, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::AddressBook::*;

struct Client {
    session: IMAPISession,
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Err(e) = unsafe { self.session.Logoff(0, 0, 0) } {
            eprintln!("Logoff failed: {e}");
        }
    }
}

impl Client {
    fn connect() -> Result<Client> {
        let mut session: Option<IMAPISession> = None;
        unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session)? };
        let Some(session) = session else {
            // Succeeded without a session: nothing to log off.
            return Err(Error::from(E_FAIL));
        };
        Ok(Client { session })
    }

    fn store_count(&self) -> Result<u32> {
        let table = unsafe { self.session.GetMsgStoresTable(0)? };
        let mut n = 0u32;
        unsafe { table.GetRowCount(0, &mut n)? };
        Ok(n)
    }
}

fn run() -> Result<u32> {
    let client = Client::connect()?;
    let n = client.store_count()?;
    drop(client);
    Ok(n)
}

fn main() {
    if let Err(e) = unsafe { MAPIInitialize(ptr::null_mut()) } {
        eprintln!("MAPIInitialize failed: {e}");
        std::process::exit(1);
    }
    match run() {
        Ok(n) => println!("{n} message store(s)"),
        Err(e) => eprintln!("failed: {e}"),
    }
    unsafe { MAPIUninitialize() };
}
