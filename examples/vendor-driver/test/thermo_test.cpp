// thermo_test: the Thermo driver's own test program. It talks to \\.\Thermo0 as an application
// does: on Windows with CreateFile and DeviceIoControl, elsewhere through openwudf's client library.
// Prints one line per check and exits 0 only when every check passed.

#include <cstdio>
#include <cstring>
#include <string>

#ifdef _WIN32
#include <windows.h>
#else
#include <openwudf/client.h>
#endif

#include "../public.h"

namespace {

int g_failures = 0;

void Check(bool ok, const char *what)
{
    std::printf("thermo_test: %s %s\n", ok ? "ok" : "FAILED", what);
    if (!ok) {
        g_failures++;
    }
}

// UTF-16LE bytes of an ASCII string, as the driver keeps its name.
std::string Utf16(const char *text)
{
    std::string bytes;
    for (const char *c = text; *c; c++) {
        bytes += *c;
        bytes += '\0';
    }
    return bytes;
}

#ifdef _WIN32

class Device {
public:
    bool Open()
    {
        // The link appears once the reflector has started the device: wait for it, within bounds.
        for (int i = 0; i < 300; i++) {
            m_handle = CreateFileW(L"\\\\.\\Thermo0", GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING, 0, nullptr);
            if (m_handle != INVALID_HANDLE_VALUE || GetLastError() != ERROR_FILE_NOT_FOUND) {
                break;
            }
            Sleep(100);
        }
        if (m_handle == INVALID_HANDLE_VALUE) {
            std::printf("thermo_test: CreateFile(\\\\.\\Thermo0) failed with error %lu\n", GetLastError());
        }
        return m_handle != INVALID_HANDLE_VALUE;
    }
    ~Device()
    {
        if (m_handle != INVALID_HANDLE_VALUE) {
            CloseHandle(m_handle);
        }
    }
    bool Control(DWORD code, const void *in, DWORD inLength, void *out, DWORD outLength, DWORD *returned)
    {
        *returned = 0;
        return DeviceIoControl(m_handle, code, const_cast<void *>(in), inLength, out, outLength, returned, nullptr) != 0;
    }

private:
    HANDLE m_handle = INVALID_HANDLE_VALUE;
};

#else

class Device {
public:
    bool Open()
    {
        wudf_status st = wudf_connect(nullptr, &m_client);
        if (st == WUDF_STATUS_SUCCESS) {
            st = wudf_open(m_client, "\\\\.\\Thermo0", 30000, &m_file);
        }
        if (st != WUDF_STATUS_SUCCESS) {
            std::printf("thermo_test: cannot open \\\\.\\Thermo0: %s\n", wudf_status_name(st));
        }
        m_open = st == WUDF_STATUS_SUCCESS;
        return m_open;
    }
    ~Device()
    {
        if (m_open) {
            wudf_close(m_client, m_file);
        }
        wudf_disconnect(m_client);
    }
    bool Control(uint32_t code, const void *in, uint32_t inLength, void *out, uint32_t outLength, uint32_t *returned)
    {
        *returned = 0;
        return wudf_ioctl(m_client, m_file, code, in, inLength, out, outLength, returned, 30000) == WUDF_STATUS_SUCCESS;
    }

private:
    wudf_client *m_client = nullptr;
    wudf_handle m_file{};
    bool m_open = false;
};

#endif

std::string GetName(Device &device)
{
    char buffer[256];
#ifdef _WIN32
    DWORD returned = 0;
#else
    uint32_t returned = 0;
#endif
    if (!device.Control(IOCTL_THERMO_GET_NAME, nullptr, 0, buffer, sizeof buffer, &returned)) {
        return "(failed)";
    }
    return std::string(buffer, returned);
}

bool SetName(Device &device, const char *name)
{
    std::string bytes = Utf16(name);
#ifdef _WIN32
    DWORD returned = 0;
#else
    uint32_t returned = 0;
#endif
    return device.Control(IOCTL_THERMO_SET_NAME, bytes.data(), (unsigned)bytes.size(), nullptr, 0, &returned);
}

} // namespace

int main()
{
    Device device;
    if (!device.Open()) {
        return 1;
    }
#ifdef _WIN32
    DWORD returned = 0;
#else
    uint32_t returned = 0;
#endif

    THERMO_READING reading = {};
    unsigned last = 0;
    bool increasing = true, inRange = true, complete = true;
    for (int i = 0; i < 20; i++) {
        complete = complete && device.Control(IOCTL_THERMO_READ, nullptr, 0, &reading, sizeof reading, &returned) &&
                   returned == sizeof reading;
        increasing = increasing && reading.Sequence > last;
        inRange = inRange && reading.MilliCelsius >= 21300 && reading.MilliCelsius <= 21700;
        last = reading.Sequence;
    }
    Check(complete, "20 readings, each completed by the sampling thread");
    Check(increasing, "their sequence numbers grow");
    Check(inRange, "they are all between 21.3 and 21.7 degrees");

    char tiny[4];
    Check(!device.Control(IOCTL_THERMO_READ, nullptr, 0, tiny, sizeof tiny, &returned),
          "a reading into a buffer too small fails");

    Check(GetName(device) == Utf16("Thermo sensor"), "the name starts as \"Thermo sensor\"");
    Check(SetName(device, "Lab probe 7") && GetName(device) == Utf16("Lab probe 7"), "a new name is kept");
    Check(!SetName(device, "") && GetName(device) == Utf16("Lab probe 7"), "an empty name is refused");
    Check(!SetName(device, std::string(THERMO_MAX_NAME + 1, 'x').c_str()), "a name too long is refused");
    Check(SetName(device, "DeFaUlT") && GetName(device) == Utf16("Thermo sensor"),
          "\"default\", in any case, restores the first name");
    Check(!device.Control(0x00222ffc, nullptr, 0, nullptr, 0, &returned), "an unknown control code fails");

    std::printf("thermo_test: %s\n", g_failures == 0 ? "passed" : "FAILED");
    return g_failures == 0 ? 0 : 1;
}
