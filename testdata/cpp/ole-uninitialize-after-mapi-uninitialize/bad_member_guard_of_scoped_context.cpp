// A context object with no destructor of its own: its AutoMAPI member uninitializes MAPI
// when the context goes out of scope, before the final OleUninitialize.
#include <mapix.h>

class AutoMAPI {
public:
	~AutoMAPI() {
		if (m_bInitialized)
			MAPIUninitialize();
	}
	HRESULT Initialize()
	{
		HRESULT hr = MAPIInitialize(nullptr);
		if (hr == S_OK)
			m_bInitialized = true;
		return hr;
	}
private:
	bool m_bInitialized = false;
};

class ServerContext {
public:
	HRESULT logon() { return m_mapi.Initialize(); }
private:
	AutoMAPI m_mapi;
};

int main()
{
	if (FAILED(OleInitialize(NULL)))
		return 1;
	{
		ServerContext ctx;
		if (ctx.logon() != S_OK) {
			OleUninitialize();
			return 1;
		}
	}
	OleUninitialize(); //~ ole-uninitialize-after-mapi-uninitialize
	return 0;
}
