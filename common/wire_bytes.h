/* Little-endian loads and stores for the wire codec. */
#ifndef OPENWUDF_COMMON_WIRE_BYTES_H
#define OPENWUDF_COMMON_WIRE_BYTES_H

#include <stdint.h>

static inline uint16_t wudf_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t wudf_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t wudf_le64(const uint8_t *p)
{
    return (uint64_t)wudf_le32(p) | ((uint64_t)wudf_le32(p + 4) << 32);
}

static inline void wudf_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void wudf_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline void wudf_put64(uint8_t *p, uint64_t v)
{
    wudf_put32(p, (uint32_t)v);
    wudf_put32(p + 4, (uint32_t)(v >> 32));
}

#endif
