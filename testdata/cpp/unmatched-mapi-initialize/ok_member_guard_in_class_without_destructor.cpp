// kopano's KServerContext: a class with no destructor of its own holds an AutoMAPI member
// whose destructor uninitializes MAPI; destroying the context destroys the member.
#include <mapix.h>

class AutoMAPI final {
public:
	~AutoMAPI() {
		if (m_bInitialized)
			MAPIUninitialize();
	}
	HRESULT Initialize()
	{
		HRESULT hr = S_OK;
		if (!m_bInitialized) {
			hr = MAPIInitialize(nullptr);
			if (hr == S_OK)
				m_bInitialized = true;
		}
		return hr;
	}
private:
	bool m_bInitialized = false;
};

class ServerContext {
public:
	HRESULT logon() { return m_mapi.Initialize(); }
	const char *m_host = nullptr;
private:
	AutoMAPI m_mapi;
};

static HRESULT perform()
{
	ServerContext ctx;
	HRESULT hr = ctx.logon();
	if (hr != S_OK)
		return hr;
	return MAPI_E_CALL_FAILED;
}

int main()
{
	return perform() == S_OK ? 0 : 1;
}
