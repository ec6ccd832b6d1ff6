/*
 * test_icode.c - icode.def's layouts agree with its lengths, and the code
 * verifier (src/icode_verify.c) accepts well-formed code and names what is
 * wrong with broken code. (Every function the spec suite translates is
 * verified by the WX_VERIFY_CODE builds: make asan, and CI's switch
 * dispatch build.)
 */
#include <stdio.h>
#include <string.h>

#include "icode.h"
#include "icode_verify.h"
#include "module.h"
#include "unit.h"

static void test_layouts_match_lengths(void)
{
	for (int op = 0; op < WX_I_COUNT; op++) {
		size_t want = op == WX_I_BR_TABLE ? 3 : wx_icode_cells[op];
		size_t got = wx_icode_layout_cells((wx_icode)op);
		CHECK(got == want);
		if (got != want)
			fprintf(stderr, "  %s: layout of %zu cells, length %zu\n",
			        wx_icode_names[op], got, want);
	}
}

static wx_module module; /* one global, one table, nothing else */
static char msg[256];

/* Verifies n cells for a frame of 4 slots. */
static bool verify(const wx_cell *cells, size_t n)
{
	msg[0] = 0;
	return wx_icode_verify(cells, n, 4, &module, msg, sizeof msg);
}

static wx_cell op(wx_icode o)
{
	wx_cell c;
	memset(&c, 0, sizeof c);
	c.op = o;
	return c;
}

static wx_cell halves(uint32_t a, uint32_t b)
{
	wx_cell c;
	memset(&c, 0, sizeof c);
	c.s.a = a;
	c.s.b = b;
	return c;
}

static void test_verifier(void)
{
	module.nglobals = 1;
	module.ntables = 1;

	/* 0: br_if slot 3 forward to 6; 2: copy 1 <- 2; 4: global.get;
	 * 6: br back to 2; 8: return */
	wx_cell good[] = {op(WX_I_BR_IF),      halves(3, 6),
	                  op(WX_I_COPY),       halves(1, 2),
	                  op(WX_I_GLOBAL_GET), halves(0, 0),
	                  op(WX_I_BR),         halves((uint32_t)-4, 0),
	                  op(WX_I_RETURN)};
	size_t n = sizeof good / sizeof *good;
	CHECK(verify(good, n));
	CHECK_STR(msg, "");

	wx_cell bad[sizeof good / sizeof *good];
	memcpy(bad, good, sizeof good);
	bad[3].s.a = 4;
	CHECK(!verify(bad, n));
	CHECK_STR(msg, "cell 2 (COPY): slot d = 4, frame of 4");

	memcpy(bad, good, sizeof good);
	bad[1].s.b = 5; /* into global.get's operand cell */
	CHECK(!verify(bad, n));
	CHECK_STR(msg, "cell 0 (BR_IF): jump by 5 to cell 5, not an "
	               "instruction");

	memcpy(bad, good, sizeof good);
	bad[7].s.a = (uint32_t)-7; /* before the code */
	CHECK(!verify(bad, n));
	CHECK_STR(msg, "cell 6 (BR): jump by -7 to cell -1, not an "
	               "instruction");

	memcpy(bad, good, sizeof good);
	bad[5].s.b = 1;
	CHECK(!verify(bad, n));
	CHECK_STR(msg, "cell 4 (GLOBAL_GET): idx = 1, 1 defined");

	memcpy(bad, good, sizeof good);
	bad[8].op = WX_I_COUNT;
	CHECK(!verify(bad, n));
	CHECK(strstr(msg, "unknown instruction") != NULL);

	/* An instruction cut off by the end of the code. */
	CHECK(!verify(good, 5));
	CHECK_STR(msg, "cell 4 (GLOBAL_GET): 2 cells past the end of the "
	               "code");

	/* br_table: each entry is a jump. */
	wx_cell table[] = {op(WX_I_BR_TABLE), halves(0, 2), halves(5, 0),
	                   halves(6, 0),      halves(5, 0), op(WX_I_RETURN),
	                   op(WX_I_RETURN)};
	n = sizeof table / sizeof *table;
	CHECK(verify(table, n));
	table[3].s.a = 3;
	CHECK(!verify(table, n));
	CHECK_STR(msg, "cell 0 (BR_TABLE): jump by 3 to cell 3, not an "
	               "instruction");
}

int main(void)
{
	RUN(test_layouts_match_lengths);
	RUN(test_verifier);
	return unit_report();
}
