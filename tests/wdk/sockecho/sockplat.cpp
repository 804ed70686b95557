/*++

Module Name:

    sockplat.cpp

Abstract:

    The platform's sockets and files for the socket-backed WDK-style driver. CreateFileHandleTarget needs
    a handle opened for overlapped I/O: on Windows a Winsock socket made with WSA_FLAG_OVERLAPPED (what
    socket() makes too) or a file opened with FILE_FLAG_OVERLAPPED, on Linux a file descriptor cast to
    HANDLE.

--*/

#include "internal.h"

#ifdef _WIN32
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include "sockplat.tmh"

#ifdef _WIN32

HRESULT
SocketConnect(
    _In_ USHORT Port,
    _Out_ HANDLE *Socket
    )
{
    WSADATA data;
    *Socket = NULL;
    int rc = WSAStartup(MAKEWORD(2, 2), &data);
    if (rc != 0) {
        return HRESULT_FROM_WIN32(rc);
    }
    SOCKET s = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (s == INVALID_SOCKET) {
        HRESULT hr = HRESULT_FROM_WIN32(WSAGetLastError());
        WSACleanup();
        return hr;
    }
    sockaddr_in address;
    ZeroMemory(&address, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_port = htons(Port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (const sockaddr *)&address, sizeof(address)) == SOCKET_ERROR) {
        HRESULT hr = HRESULT_FROM_WIN32(WSAGetLastError());
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "connect to port %u: %!HRESULT!", Port, hr);
        closesocket(s);
        WSACleanup();
        return hr;
    }
    *Socket = (HANDLE)s;
    return S_OK;
}

void
SocketClose(
    _In_ HANDLE Socket
    )
{
    closesocket((SOCKET)Socket);
    WSACleanup();
}

HRESULT
FileOpen(
    _In_z_ PCSTR Path,
    _Out_ HANDLE *File
    )
{
    *File = CreateFileA(Path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                        NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
    if (*File == INVALID_HANDLE_VALUE) {
        HRESULT hr = HRESULT_FROM_WIN32(GetLastError());
        *File = NULL;
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "open %s: %!HRESULT!", Path, hr);
        return hr;
    }
    return S_OK;
}

void
FileClose(
    _In_ HANDLE File
    )
{
    CloseHandle(File);
}

#else

HRESULT
SocketConnect(
    _In_ USHORT Port,
    _Out_ HANDLE *Socket
    )
{
    *Socket = NULL;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "socket: errno %d", errno);
        return E_FAIL;
    }
    struct sockaddr_in address;
    ZeroMemory(&address, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_port = htons(Port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (const struct sockaddr *)&address, sizeof(address)) != 0) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "connect to port %u: errno %d", Port, errno);
        close(fd);
        return HRESULT_FROM_WIN32(ERROR_CONNECTION_REFUSED);
    }
    //
    // The portable form of a handle on Linux: the descriptor cast to HANDLE.
    //
    *Socket = (HANDLE)(intptr_t)fd;
    return S_OK;
}

void
SocketClose(
    _In_ HANDLE Socket
    )
{
    close((int)(intptr_t)Socket);
}

HRESULT
FileOpen(
    _In_z_ PCSTR Path,
    _Out_ HANDLE *File
    )
{
    int fd = open(Path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        *File = NULL;
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "open %s: errno %d", Path, errno);
        return HRESULT_FROM_WIN32(errno == ENOENT ? ERROR_FILE_NOT_FOUND : ERROR_ACCESS_DENIED);
    }
    *File = (HANDLE)(intptr_t)fd;
    return S_OK;
}

void
FileClose(
    _In_ HANDLE File
    )
{
    close((int)(intptr_t)File);
}

#endif
