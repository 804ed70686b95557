/* Fuzz target for the wire codec under every process: key/value payloads (common/wire_kv.c),
 * message decoding (common/wire.c) and the stream framer (common/wire_frame.c). Besides surviving
 * any bytes, it checks three properties: what decodes re-encodes to the very same bytes (the
 * encoding is canonical), validation and decoding agree, and the framer cuts a stream the same
 * way whatever the pieces it arrives in. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "log.h"
#include "wire.h"

static void check_kv(const uint8_t *data, size_t size)
{
    wudf_kv kv, copy;
    wudf_error err;
    wudf_kv_init(&kv);
    wudf_kv_init(&copy);
    int valid = wudf_kv_validate(data, size, &err) == 0;
    int rc = wudf_kv_decode(data, size, &kv, &err);
    FUZZ_CHECK(valid == (rc == 0));
    if (rc) {
        FUZZ_CHECK(kv.count == 0); /* a failed decode leaves nothing behind */
        wudf_kv_free(&kv);
        return;
    }
    uint8_t *out = NULL;
    uint32_t length = 0;
    FUZZ_CHECK(wudf_kv_encode(&kv, &out, &length, &err) == 0);
    FUZZ_CHECK(length == size && memcmp(out, data, size) == 0);
    free(out);
    /* The public builders accept exactly what the decoder accepted. */
    for (size_t i = 0; i < kv.count; i++) {
        FUZZ_CHECK(wudf_kv_add(&copy, kv.keys[i], kv.values[i], &err) == 0);
        FUZZ_CHECK(wudf_kv_get_from(&kv, i, kv.keys[i]) == kv.values[i]);
        uint64_t number;
        wudf_kv_get_u64(&kv, kv.keys[i], &number, &err);
        /* Values end up in log lines: quoting must stay inside any buffer. */
        char quoted[48], tiny[4];
        FUZZ_CHECK(strlen(wudf_log_quote(quoted, sizeof quoted, kv.values[i])) < sizeof quoted);
        FUZZ_CHECK(strlen(wudf_log_quote(tiny, sizeof tiny, kv.values[i])) < sizeof tiny);
    }
    FUZZ_CHECK(wudf_kv_encoded_size(&copy) == size);
    wudf_kv_free(&copy);
    wudf_kv_free(&kv);
}

static void check_message(const uint8_t *data, size_t size)
{
    wudf_msg msg;
    wudf_error err;
    if (wudf_msg_decode(data, size, &msg, &err))
        return;
    size_t length = 0;
    uint8_t *out = wudf_msg_encode_alloc(&msg, &length, &err);
    FUZZ_CHECK(out != NULL);
    FUZZ_CHECK(length == size && memcmp(out, data, size) == 0);
    free(out);
    wudf_hello hello;
    if (msg.type == WUDF_MSG_HELLO && wudf_hello_decode(&msg, &hello, &err) == 0) {
        uint8_t again[WUDF_HELLO_SIZE];
        wudf_hello_encode(&hello, again);
        FUZZ_CHECK(memcmp(again, msg.payload, WUDF_HELLO_SIZE) == 0);
    }
}

/* Runs the stream through a framer in pieces of the given sizes (cycled); returns how many bytes
 * became whole messages, each checked against the stream, and whether it ended in an error. */
static size_t frame(const uint8_t *data, size_t size, const size_t *pieces, size_t piece_count, int *failed)
{
    wudf_framer framer;
    wudf_error err;
    size_t fed = 0, consumed = 0;
    wudf_framer_init(&framer);
    *failed = 0;
    /* Empty pieces, before any byte and between others, change nothing. */
    uint8_t *space;
    size_t room;
    FUZZ_CHECK(wudf_framer_push(&framer, NULL, 0, &err) == 0);
    FUZZ_CHECK(wudf_framer_reserve(&framer, 0, &space, &room, &err) == 0 && space != NULL);
    wudf_framer_commit(&framer, 0);
    for (size_t i = 0; fed < size && !*failed; i++) {
        size_t n = pieces[i % piece_count];
        if (n > size - fed)
            n = size - fed;
        if (i % 2 == 0) {
            FUZZ_CHECK(wudf_framer_push(&framer, data + fed, n, &err) == 0);
        } else {
            /* The reflector's way: read straight into the framer's buffer. */
            FUZZ_CHECK(wudf_framer_reserve(&framer, n, &space, &room, &err) == 0);
            FUZZ_CHECK(room >= n);
            memcpy(space, data + fed, n);
            wudf_framer_commit(&framer, n);
        }
        fed += n;
        wudf_msg msg;
        int rc;
        while ((rc = wudf_framer_next(&framer, &msg, &err)) == 1) {
            size_t length = 0;
            uint8_t *out = wudf_msg_encode_alloc(&msg, &length, &err);
            FUZZ_CHECK(out != NULL);
            FUZZ_CHECK(length <= size - consumed && memcmp(out, data + consumed, length) == 0);
            free(out);
            consumed += length;
        }
        if (rc < 0)
            *failed = 1;
    }
    wudf_framer_free(&framer);
    return consumed;
}

static void check_framer(const uint8_t *data, size_t size)
{
    static const size_t whole[] = {SIZE_MAX};
    size_t pieces[4];
    /* Piece sizes from the input itself, so the fuzzer explores the cuts too. */
    for (size_t i = 0; i < 4; i++)
        pieces[i] = (i == 0) + (size > i ? data[size - 1 - i] % 97 : 3);
    int failed_whole, failed_pieces;
    size_t a = frame(data, size, whole, 1, &failed_whole);
    size_t b = frame(data, size, pieces, 4, &failed_pieces);
    FUZZ_CHECK(a == b);
    FUZZ_CHECK(failed_whole == failed_pieces);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_kv(data, size);
    check_message(data, size);
    check_framer(data, size);
    /* The payload of a message is where key/value lists travel. */
    if (size > WUDF_MSG_HEADER_SIZE)
        check_kv(data + WUDF_MSG_HEADER_SIZE, size - WUDF_MSG_HEADER_SIZE);
    return 0;
}
