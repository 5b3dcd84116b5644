// Built-in model of Microsoft's `outlook-mapi` crate (microsoft/mapi-rs, crates/mapi), used
// when its source is not among the scanned files. mapi-lint lowers this like user code; only
// the lifecycle behaviour matters, and its events are located at the user's call or drop.

/// `Initialize::new` is MAPIInitialize; the last drop of its `Arc<Initialize>` is
/// MAPIUninitialize.
pub struct Initialize;

impl Initialize {
    pub fn new(flags: InitializeFlags) -> Result<Arc<Initialize>> {
        MAPIInitialize(flags)?;
        Ok(Arc::new(Initialize))
    }
}

impl Drop for Initialize {
    fn drop(&mut self) {
        MAPIUninitialize();
    }
}

/// `Logon::new` is MAPILogonEx; dropping a `Logon` releases its session without Logoff, then
/// drops its `Arc<Initialize>`.
pub struct Logon {
    pub session: IMAPISession,
    _initialized: Arc<Initialize>,
}

impl Logon {
    pub fn new(
        initialized: Arc<Initialize>,
        ui_param: HWND,
        profile_name: Option<&str>,
        password: Option<&str>,
        flags: LogonFlags,
    ) -> Result<Logon> {
        let mut session = None;
        MAPILogonEx(ui_param, profile_name, password, flags, &mut session)?;
        Ok(Logon { session, _initialized: initialized })
    }
}
