"""The bitmap family against the real binary, one redis-cli-like session per command: SETBIT, GETBIT,
BITCOUNT, BITPOS, BITOP, BITFIELD and BITFIELD_RO with their edge values, error strings and the encodings
they leave behind. Replies are compared raw (the client's response callbacks are switched off). WRONGTYPE:
tests/unit/core_wrongtype_test.cc, with a non-string value no command can create yet."""
import pytest
import redis

NOT_INT = "value is not an integer or out of range"
SYNTAX = "syntax error"
BAD_OFFSET = "bit offset is not an integer or out of range"
BAD_BIT = "bit is not an integer or out of range"
BAD_TYPE = "Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."
MAX_BULK = 512 * 1024 * 1024


class Cli:
    """cli("SETBIT", "k", 7, 1) returns the raw reply; cli.err(...) returns the error text of a failing command."""

    def __init__(self, client):
        self.client = client
        client.response_callbacks.clear()

    def __call__(self, *args):
        return self.client.execute_command(*args)

    def err(self, *args):
        with pytest.raises(redis.ResponseError) as info:
            self.client.execute_command(*args)
        return str(info.value)


@pytest.fixture
def cli(ringkv):
    client = ringkv.client()
    client.flushall()
    yield Cli(client)
    client.close()


def arity_error(name):
    return f"wrong number of arguments for '{name}' command"


# ---- SETBIT / GETBIT ----------------------------------------------------------------------------------

def test_setbit_getbit(cli):
    assert cli("SETBIT", "k", "7", "1") == 0
    assert cli("GET", "k") == b"\x01"
    assert cli("SETBIT", "k", "7", "1") == 1
    assert cli("SETBIT", "k", "0", "1") == 0
    assert cli("GET", "k") == b"\x81"
    assert cli("SETBIT", "k", "7", "0") == 1
    assert cli("GET", "k") == b"\x80"
    assert cli("GETBIT", "k", "0") == 1
    assert cli("GETBIT", "k", "1") == 0
    assert cli("GETBIT", "k", "100000") == 0
    assert cli("GETBIT", "missing", "5") == 0
    assert cli("EXISTS", "missing") == 0
    # Growing pads with zero bytes, and the string is raw afterwards.
    assert cli("SETBIT", "g", "100", "0") == 0
    assert cli("STRLEN", "g") == 13
    assert cli("OBJECT", "ENCODING", "g") == b"raw"


def test_setbit_on_int_and_embstr(cli):
    cli("SET", "n", "1")  # "1" is 0x31 = 00110001
    assert cli("OBJECT", "ENCODING", "n") == b"int"
    assert cli("GETBIT", "n", "2") == 1
    assert cli("GETBIT", "n", "7") == 1
    assert cli("GETBIT", "n", "1") == 0
    assert cli("OBJECT", "ENCODING", "n") == b"int"  # reading leaves the encoding alone
    assert cli("SETBIT", "n", "6", "1") == 0
    assert cli("GET", "n") == b"3"
    assert cli("OBJECT", "ENCODING", "n") == b"raw"
    cli("SET", "e", "abc")
    # A write that changes nothing still makes the value raw, as in Redis.
    assert cli("SETBIT", "e", "1", "1") == 1
    assert cli("OBJECT", "ENCODING", "e") == b"raw"
    cli("SET", "t", "a", "EX", "100")
    cli("SETBIT", "t", "0", "1")
    assert cli("TTL", "t") > 0


def test_setbit_errors(cli):
    assert cli.err("SETBIT", "k", "-1", "1") == BAD_OFFSET
    assert cli.err("SETBIT", "k", "abc", "1") == BAD_OFFSET
    assert cli.err("SETBIT", "k", str(MAX_BULK * 8), "1") == BAD_OFFSET
    assert cli.err("SETBIT", "k", "0", "2") == BAD_BIT
    assert cli.err("SETBIT", "k", "0", "-1") == BAD_BIT
    assert cli.err("SETBIT", "k", "0", "x") == BAD_BIT
    assert cli("EXISTS", "k") == 0
    assert cli.err("GETBIT", "k", str(MAX_BULK * 8)) == BAD_OFFSET
    assert cli.err("SETBIT", "k", "0") == arity_error("setbit")
    assert cli.err("GETBIT", "k") == arity_error("getbit")


def test_setbit_last_allowed_offset(cli):
    cli("CONFIG", "SET", "proto-max-bulk-len", str(1024 * 1024))
    try:
        assert cli("SETBIT", "k", str(1024 * 1024 * 8 - 1), "1") == 0
        assert cli("STRLEN", "k") == 1024 * 1024
        assert cli.err("SETBIT", "k", str(1024 * 1024 * 8), "1") == BAD_OFFSET
    finally:
        cli("CONFIG", "SET", "proto-max-bulk-len", str(MAX_BULK))


# ---- BITCOUNT -----------------------------------------------------------------------------------------

def test_bitcount(cli):
    cli("SET", "k", "foobar")
    assert cli("BITCOUNT", "k") == 26
    assert cli("BITCOUNT", "k", "0", "0") == 4
    assert cli("BITCOUNT", "k", "1", "1") == 6
    assert cli("BITCOUNT", "k", "1", "1", "BYTE") == 6
    assert cli("BITCOUNT", "k", "5", "30", "BIT") == 17
    assert cli("BITCOUNT", "k", "-2", "-1") == 7
    assert cli("BITCOUNT", "k", "0", "-1", "bit") == 26
    assert cli("BITCOUNT", "k", "-8", "-1", "BIT") == 4
    assert cli("BITCOUNT", "k", "3", "1") == 0
    assert cli("BITCOUNT", "k", "100", "200") == 0
    assert cli("BITCOUNT", "k", "-100", "100") == 26
    assert cli("BITCOUNT", "missing") == 0
    cli("SET", "n", "1234")
    assert cli("BITCOUNT", "n") == 13
    cli("SET", "e", "")
    assert cli("BITCOUNT", "e") == 0
    assert cli("BITCOUNT", "e", "0", "-1") == 0


def test_bitcount_errors(cli):
    cli("SET", "k", "foobar")
    assert cli.err("BITCOUNT", "k", "0") == SYNTAX
    assert cli.err("BITCOUNT", "k", "0", "1", "BYTE", "x") == SYNTAX
    assert cli.err("BITCOUNT", "k", "0", "1", "bits") == SYNTAX
    assert cli.err("BITCOUNT", "k", "a", "1") == NOT_INT
    assert cli.err("BITCOUNT", "k", "0", "1.5") == NOT_INT
    # Redis 7.0 quirks kept: a missing key answers 0 before the range is parsed, and two negative indexes
    # with start > end answer 0 before the unit is looked at.
    assert cli("BITCOUNT", "missing", "a", "b") == 0
    assert cli("BITCOUNT", "missing", "0") == 0
    assert cli("BITCOUNT", "k", "-1", "-2", "bogus") == 0
    assert cli.err("BITCOUNT", "k", "-2", "-1", "bogus") == SYNTAX
    assert cli.err("BITCOUNT") == arity_error("bitcount")


# ---- BITPOS -------------------------------------------------------------------------------------------

def test_bitpos(cli):
    cli("SET", "k", b"\xff\xf0\x00")
    assert cli("BITPOS", "k", "0") == 12
    assert cli("BITPOS", "k", "1") == 0
    assert cli("BITPOS", "k", "1", "2") == -1
    assert cli("BITPOS", "k", "0", "2") == 16
    assert cli("BITPOS", "k", "1", "-3", "-1") == 0
    assert cli("BITPOS", "k", "0", "7", "15", "BIT") == 12
    assert cli("BITPOS", "k", "1", "9", "20", "bit") == 9
    assert cli("BITPOS", "k", "1", "12", "23", "BIT") == -1
    assert cli("BITPOS", "k", "0", "0", "0", "BYTE") == -1
    assert cli("BITPOS", "k", "1", "2", "1") == -1


def test_bitpos_zero_padding_rule(cli):
    cli("SET", "ones", b"\xff\xff\xff")
    # Without an end the string is taken as zero padded on the right: the first 0 is just past it.
    assert cli("BITPOS", "ones", "0") == 24
    assert cli("BITPOS", "ones", "0", "0") == 24
    assert cli("BITPOS", "ones", "0", "1") == 24
    # With an explicit end there is no padding: not found.
    assert cli("BITPOS", "ones", "0", "0", "-1") == -1
    assert cli("BITPOS", "ones", "0", "0", "-1", "BIT") == -1
    assert cli("BITPOS", "ones", "0", "0", "5", "BIT") == -1
    cli("SET", "zeros", b"\x00\x00")
    assert cli("BITPOS", "zeros", "1") == -1
    assert cli("BITPOS", "zeros", "0") == 0
    # A missing key is an endless run of zeros.
    assert cli("BITPOS", "missing", "0") == 0
    assert cli("BITPOS", "missing", "1") == -1
    assert cli("BITPOS", "missing", "0", "5", "10", "BIT") == 0


def test_bitpos_int_encoded(cli):
    cli("SET", "n", "1")  # 0x31
    assert cli("BITPOS", "n", "1") == 2
    assert cli("BITPOS", "n", "0") == 0
    assert cli("OBJECT", "ENCODING", "n") == b"int"


def test_bitpos_errors(cli):
    cli("SET", "k", "foobar")
    assert cli.err("BITPOS", "k", "2") == "The bit argument must be 1 or 0."
    assert cli.err("BITPOS", "k", "x") == NOT_INT
    assert cli.err("BITPOS", "k", "1", "a") == NOT_INT
    assert cli.err("BITPOS", "k", "1", "0", "a") == NOT_INT
    assert cli.err("BITPOS", "k", "1", "0", "1", "bogus") == SYNTAX
    assert cli.err("BITPOS", "k", "1", "0", "1", "BIT", "x") == SYNTAX
    # The bit is checked even for a missing key, which then answers before the range is parsed.
    assert cli.err("BITPOS", "missing", "5") == "The bit argument must be 1 or 0."
    assert cli("BITPOS", "missing", "1", "a") == -1
    assert cli.err("BITPOS", "k") == arity_error("bitpos")


# ---- BITOP --------------------------------------------------------------------------------------------

def test_bitop(cli):
    cli("SET", "a", b"\xf0\x0f\xaa")
    cli("SET", "b", b"\xff\x00")
    assert cli("BITOP", "AND", "dest", "a", "b") == 3
    assert cli("GET", "dest") == b"\xf0\x00\x00"
    assert cli("BITOP", "or", "dest", "a", "b") == 3
    assert cli("GET", "dest") == b"\xff\x0f\xaa"
    assert cli("BITOP", "XOR", "dest", "a", "b") == 3
    assert cli("GET", "dest") == b"\x0f\x0f\xaa"
    assert cli("BITOP", "NOT", "dest", "b") == 2
    assert cli("GET", "dest") == b"\x00\xff"
    assert cli("OBJECT", "ENCODING", "dest") == b"raw"
    assert cli("BITOP", "AND", "dest", "a", "missing") == 3
    assert cli("GET", "dest") == b"\x00\x00\x00"
    assert cli("BITOP", "OR", "one", "a") == 3
    assert cli("GET", "one") == b"\xf0\x0f\xaa"


def test_bitop_long_operands(cli):
    a = bytes((i * 7) & 0xFF for i in range(1000))
    b = bytes((i * 13 + 5) & 0xFF for i in range(777))
    cli("SET", "a", a)
    cli("SET", "b", b)
    pad = b + bytes(len(a) - len(b))
    assert cli("BITOP", "AND", "d", "a", "b") == 1000
    assert cli("GET", "d") == bytes(x & y for x, y in zip(a, pad))
    assert cli("BITOP", "OR", "d", "a", "b", "a") == 1000
    assert cli("GET", "d") == bytes(x | y for x, y in zip(a, pad))
    assert cli("BITOP", "XOR", "d", "b", "a", "b") == 1000
    assert cli("GET", "d") == a
    assert cli("BITOP", "NOT", "d", "a") == 1000
    assert cli("GET", "d") == bytes(~x & 0xFF for x in a)


def test_bitop_destination(cli):
    cli("SET", "src", "1")  # int encoded source
    cli("SET", "dest", "old", "EX", "100")
    assert cli("BITOP", "NOT", "dest", "src") == 1
    assert cli("GET", "dest") == b"\xce"
    assert cli("TTL", "dest") == -1
    # The destination may be a source.
    assert cli("BITOP", "NOT", "dest", "dest") == 1
    assert cli("GET", "dest") == b"1"
    assert cli("OBJECT", "ENCODING", "dest") == b"raw"
    # Every source empty: the destination is deleted and the length is 0.
    cli("SET", "empty", "")
    assert cli("BITOP", "OR", "dest", "empty") == 0
    assert cli("EXISTS", "dest") == 0


def test_bitop_errors(cli):
    cli("SET", "a", "x")
    assert cli.err("BITOP", "NOT", "dest", "a", "a") == "BITOP NOT must be called with a single source key."
    assert cli.err("BITOP", "NAND", "dest", "a") == SYNTAX
    assert cli("EXISTS", "dest") == 0
    assert cli.err("BITOP", "AND", "dest") == arity_error("bitop")


# ---- BITFIELD -----------------------------------------------------------------------------------------

def test_bitfield_basic(cli):
    assert cli("BITFIELD", "k", "SET", "u8", "0", "255", "GET", "u8", "0") == [0, 255]
    assert cli("GET", "k") == b"\xff"
    assert cli("BITFIELD", "k", "GET", "i8", "0", "GET", "u4", "0", "GET", "i4", "4") == [-1, 15, -1]
    assert cli("BITFIELD", "k", "INCRBY", "u8", "0", "1") == [0]   # wraps by default
    assert cli("BITFIELD", "k", "SET", "u5", "7", "23") == [0]
    assert cli("GET", "k") == b"\x01\x70"  # the representation Redis's bitops.c documents
    assert cli("BITFIELD", "k", "GET", "u5", "7") == [23]
    assert cli("BITFIELD", "k") == []
    assert cli("OBJECT", "ENCODING", "k") == b"raw"


def test_bitfield_hash_offsets(cli):
    assert cli("BITFIELD", "k", "SET", "u8", "#1", "200", "SET", "u8", "#0", "100") == [0, 0]
    assert cli("GET", "k") == b"\x64\xc8"
    assert cli("BITFIELD", "k", "GET", "u8", "#1", "INCRBY", "u8", "#1", "10") == [200, 210]
    assert cli("BITFIELD", "k", "GET", "u16", "#0") == [(0x64 << 8) | 210]


def test_bitfield_get_past_the_end(cli):
    cli("SET", "k", b"\xff")
    assert cli("BITFIELD", "k", "GET", "u8", "4", "GET", "i16", "0", "GET", "u8", "100") == [0xF0, -256, 0]
    assert cli("BITFIELD", "missing", "GET", "i64", "0") == [0]
    assert cli("EXISTS", "missing") == 0
    cli("SET", "n", "12")  # int encoded: "12" = 0x31 0x32
    assert cli("BITFIELD", "n", "GET", "u16", "0") == [0x3132]
    assert cli("OBJECT", "ENCODING", "n") == b"int"


def test_bitfield_64_bits(cli):
    assert cli("BITFIELD", "k", "SET", "i64", "0", "-9223372036854775808") == [0]
    assert cli("BITFIELD", "k", "GET", "i64", "0", "GET", "u63", "0", "GET", "u63", "1") == \
        [-9223372036854775808, 4611686018427387904, 0]
    assert cli("BITFIELD", "k", "INCRBY", "i64", "0", "-1") == [9223372036854775807]
    assert cli("BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "i64", "0", "1") == [9223372036854775807]
    assert cli("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "i64", "0", "1") == [None]


def test_bitfield_overflow(cli):
    # WRAP (the default)
    assert cli("BITFIELD", "k", "SET", "u2", "0", "3", "INCRBY", "u2", "0", "1") == [0, 0]
    assert cli("BITFIELD", "k", "SET", "i8", "8", "127", "INCRBY", "i8", "8", "1") == [0, -128]
    assert cli("BITFIELD", "k", "INCRBY", "i8", "8", "-1") == [127]
    # SAT: clamps at either end; applies to the operations after it.
    assert cli("BITFIELD", "s", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "300", "INCRBY", "u8", "0", "-400",
               "INCRBY", "i8", "8", "200", "INCRBY", "i8", "8", "-500") == [255, 0, 127, -128]
    assert cli("BITFIELD", "s", "OVERFLOW", "SAT", "SET", "u8", "0", "-1") == [0]
    assert cli("BITFIELD", "s", "GET", "u8", "0") == [255]
    assert cli("BITFIELD", "s", "OVERFLOW", "SAT", "SET", "i4", "16", "100", "GET", "i4", "16") == [0, 7]
    # FAIL: nil and nothing written; the next operation runs normally.
    assert cli("BITFIELD", "f", "SET", "u8", "0", "250") == [0]
    assert cli("BITFIELD", "f", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "10", "INCRBY", "u8", "0", "5",
               "SET", "u8", "0", "256") == [None, 255, None]
    assert cli("BITFIELD", "f", "GET", "u8", "0") == [255]
    # Mode words are case-insensitive, switching back to WRAP works.
    assert cli("BITFIELD", "f", "overflow", "fail", "overflow", "wrap", "incrby", "u8", "0", "1") == [0]


def test_bitfield_grows_once_to_the_farthest_write(cli):
    assert cli("BITFIELD", "k", "GET", "u8", "16", "SET", "u8", "16", "1", "GET", "u8", "16") == [0, 0, 1]
    assert cli("STRLEN", "k") == 3
    cli("SET", "t", "v", "EX", "100")
    cli("BITFIELD", "t", "SET", "u8", "0", "65")
    assert cli("GET", "t") == b"A"
    assert cli("TTL", "t") > 0


def test_bitfield_errors(cli):
    assert cli.err("BITFIELD", "k", "GET", "u64", "0") == BAD_TYPE
    assert cli.err("BITFIELD", "k", "GET", "i65", "0") == BAD_TYPE
    assert cli.err("BITFIELD", "k", "GET", "i0", "0") == BAD_TYPE
    assert cli.err("BITFIELD", "k", "GET", "U8", "0") == BAD_TYPE
    assert cli.err("BITFIELD", "k", "GET", "x8", "0") == BAD_TYPE
    assert cli.err("BITFIELD", "k", "GET", "u08", "0") == BAD_TYPE
    assert cli.err("BITFIELD", "k", "GET", "u8", "-1") == BAD_OFFSET
    assert cli.err("BITFIELD", "k", "GET", "u8", "#-1") == BAD_OFFSET
    assert cli.err("BITFIELD", "k", "GET", "u8", "x") == BAD_OFFSET
    assert cli.err("BITFIELD", "k", "GET", "u8", str(MAX_BULK * 8)) == BAD_OFFSET
    assert cli.err("BITFIELD", "k", "SET", "u8", "0", "x") == NOT_INT
    assert cli.err("BITFIELD", "k", "INCRBY", "u8", "0", "1.5") == NOT_INT
    assert cli.err("BITFIELD", "k", "GET", "u8") == SYNTAX
    assert cli.err("BITFIELD", "k", "SET", "u8", "0") == SYNTAX
    assert cli.err("BITFIELD", "k", "BOGUS") == SYNTAX
    assert cli.err("BITFIELD", "k", "OVERFLOW") == SYNTAX
    assert cli.err("BITFIELD", "k", "OVERFLOW", "NONE") == "Invalid OVERFLOW type specified"
    # An error anywhere means nothing ran.
    assert cli.err("BITFIELD", "k", "SET", "u8", "0", "1", "GET", "u99", "0") == BAD_TYPE
    assert cli("EXISTS", "k") == 0
    assert cli.err("BITFIELD") == arity_error("bitfield")


def test_bitfield_ro(cli):
    cli("SET", "k", b"\x12\x34")
    assert cli("BITFIELD_RO", "k", "GET", "u8", "0", "GET", "u8", "#1") == [0x12, 0x34]
    assert cli("BITFIELD_RO", "k") == []
    assert cli("BITFIELD_RO", "missing", "GET", "i8", "0") == [0]
    assert cli.err("BITFIELD_RO", "k", "SET", "u8", "0", "1") == "BITFIELD_RO only supports the GET subcommand"
    assert cli.err("BITFIELD_RO", "k", "GET", "u8", "0", "INCRBY", "u8", "0", "1") == \
        "BITFIELD_RO only supports the GET subcommand"
    assert cli.err("BITFIELD_RO", "k", "SET", "u64", "0", "1") == BAD_TYPE  # parsing comes first
    assert cli("BITFIELD_RO", "k", "OVERFLOW", "SAT", "GET", "u4", "0") == [1]
    assert cli("GET", "k") == b"\x12\x34"
    assert cli.err("BITFIELD_RO") == arity_error("bitfield_ro")


# ---- the command table --------------------------------------------------------------------------------

def test_command_info(cli):
    info = cli("COMMAND", "INFO", "bitop", "bitfield_ro", "setbit")
    by_name = {row[0]: row for row in info}
    assert by_name[b"bitop"][1:6] == [-4, [b"write", b"denyoom"], 2, -1, 1]
    assert by_name[b"bitfield_ro"][1:6] == [-2, [b"readonly", b"fast"], 1, 1, 1]
    assert set(by_name[b"setbit"][6]) == {b"@write", b"@bitmap", b"@slow"}
