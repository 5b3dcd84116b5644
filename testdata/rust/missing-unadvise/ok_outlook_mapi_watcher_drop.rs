// newmail_watch: count fnevNewMail notifications on the default store for a
// while.  The watcher owns the Logon and the store; its Drop unadvises,
// releases the store, and logs off, in that order.
use std::{ffi::c_void, ptr, slice, sync::atomic::{AtomicU32, Ordering}, time::Duration};
use outlook_mapi::{sys::*, *};
use windows::Win32::Foundation::HWND;
use windows_core::{Error, Result};

static NEW_MAIL: AtomicU32 = AtomicU32::new(0);

unsafe extern "system" fn on_notify(_ctx: *mut c_void, count: u32, notifs: *mut NOTIFICATION) -> i32 {
    let notifs = unsafe { slice::from_raw_parts(notifs, count as usize) };
    for n in notifs {
        if n.ulEventType == fnevNewMail {
            NEW_MAIL.fetch_add(1, Ordering::Relaxed);
        }
    }
    0
}

struct Watcher {
    store: Option<IMsgStore>,
    sink: Option<IMAPIAdviseSink>,
    connection: usize,
    logon: Logon,
}

impl Watcher {
    fn start(logon: Logon) -> Result<Self> {
        let mut watcher = Watcher { store: None, sink: None, connection: 0, logon };
        let eid = default_store_eid(&watcher.logon)?;
        unsafe {
            let mut store = None;
            watcher.logon.session.OpenMsgStore(
                0,
                eid.len() as u32,
                eid.as_ptr() as *mut _,
                ptr::null_mut(),
                MAPI_BEST_ACCESS | MDB_NO_DIALOG,
                &mut store,
            )?;
            watcher.store = store;
            HrAllocAdviseSink(Some(on_notify), ptr::null_mut(), &mut watcher.sink)?;
            let store = watcher.store.as_ref().ok_or_else(|| Error::from(E_FAIL))?;
            store.Advise(0, ptr::null_mut(), fnevNewMail, watcher.sink.as_ref(), &mut watcher.connection)?;
        }
        Ok(watcher)
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            if self.connection != 0 {
                let _ = unsafe { store.Unadvise(self.connection) };
                self.connection = 0;
            }
            drop(store);
        }
        self.sink = None;
        let _ = unsafe { self.logon.session.Logoff(0, 0, 0) };
    }
}

fn default_store_eid(logon: &Logon) -> Result<Vec<u8>> {
    SizedSPropTagArray! { Cols[2] }
    let mut cols = Cols { aulPropTag: [PR_ENTRYID, PR_DEFAULT_STORE], ..Default::default() };
    let mut rows: RowSet = Default::default();
    unsafe {
        let table = logon.session.GetMsgStoresTable(0)?;
        HrQueryAllRows(&table, cols.as_mut_ptr(), ptr::null_mut(), ptr::null_mut(), 0, rows.as_mut_ptr())?;
    }
    for row in rows.into_iter() {
        let mut values = row.iter();
        let Some(PropValue { value: PropValueData::Binary(eid), .. }) = values.next() else { continue };
        if let Some(PropValue { value: PropValueData::Boolean(true), .. }) = values.next() {
            return Ok(eid.to_vec());
        }
    }
    Err(Error::from(MAPI_E_NOT_FOUND))
}

fn main() -> Result<()> {
    let seconds: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(30);
    let init = Initialize::new(InitializeFlags { multithread_notifications: true, ..Default::default() })?;
    let logon = Logon::new(init, HWND::default(), None, None,
                           LogonFlags { extended: true, use_default: true, unicode: true, ..Default::default() })?;

    // From here on the watcher owns the logon: any error drops it through Drop.
    let watcher = Watcher::start(logon)?;
    std::thread::sleep(Duration::from_secs(seconds));
    println!("{} new messages", NEW_MAIL.load(Ordering::Relaxed));
    drop(watcher);
    Ok(())
}
