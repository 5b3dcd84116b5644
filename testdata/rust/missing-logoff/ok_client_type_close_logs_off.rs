// store-name: prints the default store's display name through a small client type.
//
// Correct: `Client::connect` moves the session into the `Client` it returns, and
// `Client::close` (which consumes the client) releases the store and logs the session off
// before it drops. The type logs its session off, so moving the session into it is fine.
use std::ptr;
use outlook_mapi::sys::*;
use windows::core::{Error, Result};

struct Client {
    store: Option<IMsgStore>,
    session: IMAPISession,
}

impl Client {
    fn connect() -> Result<Self> {
        let mut session = None;
        unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session)? };
        let session = session.ok_or_else(|| Error::from(MAPI_E_LOGON_FAILED))?;
        Ok(Client { store: None, session })
    }

    fn store_name(&mut self) -> Result<String> {
        let table = unsafe { self.session.GetMsgStoresTable(0)? };
        let mut count = 0u32;
        unsafe { table.GetRowCount(0, &mut count)? };
        Ok(format!("{count} store(s)"))
    }

    fn close(mut self) -> Result<()> {
        self.store = None;
        unsafe { self.session.Logoff(0, 0, 0) }
    }
}

fn main() -> Result<()> {
    unsafe { MAPIInitialize(ptr::null_mut())? };
    let result = (|| -> Result<()> {
        let mut client = Client::connect()?;
        println!("{}", client.store_name()?);
        client.close()
    })();
    unsafe { MAPIUninitialize() };
    result
}
