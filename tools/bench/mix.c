/* mix.c - a CoreMark-like mix: linked-list search and reversal, a small
 * integer matrix multiply, a byte-scanning state machine, all folded into a
 * CRC-16, n iterations. bench: 30000 */
#include "kernel.h"

#define NODES 256
#define DIM   24
#define TEXT  512

typedef struct node {
	struct node *next;
	int key, val;
} node;

static node pool[NODES];
static short ma[DIM][DIM], mb[DIM][DIM];
static int mc[DIM][DIM];
static char text[TEXT];

static u32 crc16(u32 crc, u32 v)
{
	for (int i = 0; i < 16; i++) {
		u32 bit = (crc ^ v) & 1;
		crc >>= 1;
		v >>= 1;
		if (bit)
			crc ^= 0xA001;
	}
	return crc & 0xFFFF;
}

static node *list_reverse(node *head)
{
	node *prev = 0;
	while (head) {
		node *next = head->next;
		head->next = prev;
		prev = head;
		head = next;
	}
	return prev;
}

static int list_work(node **head, int seed)
{
	int found = 0;
	for (int q = 0; q < 16; q++) {
		int key = (seed * 7 + q * 13) & (NODES - 1);
		for (node *p = *head; p; p = p->next)
			if (p->key == key) {
				found += p->val;
				p->val = (p->val * 3 + 1) & 0xFFFF;
				break;
			}
	}
	*head = list_reverse(*head);
	return found;
}

static int matrix_work(int seed)
{
	int sum = 0;
	for (int i = 0; i < DIM; i++)
		for (int j = 0; j < DIM; j++) {
			int acc = 0;
			for (int k = 0; k < DIM; k++)
				acc += ma[i][k] * mb[k][j];
			mc[i][j] = acc + seed;
			sum += acc > 1000 ? 1 : acc & 7;
		}
	return sum;
}

/* Counts integers, decimals and invalid tokens in the text. */
static int state_work(void)
{
	enum { START, INT, FRAC, BAD } st = START;
	int ints = 0, fracs = 0, bad = 0;
	for (int i = 0; i < TEXT; i++) {
		char c = text[i];
		if (c == ',') {
			ints += st == INT;
			fracs += st == FRAC;
			bad += st == BAD;
			st = START;
		} else if (c >= '0' && c <= '9') {
			if (st == START)
				st = INT;
		} else if (c == '.') {
			st = st == INT ? FRAC : BAD;
		} else {
			st = BAD;
		}
	}
	return ints * 65536 + fracs * 256 + bad;
}

static void init(node **head)
{
	static const char alphabet[] = "0123456789.,x5,";
	u32 seed = 7;
	for (int i = 0; i < NODES; i++) {
		pool[i].key = (i * 37) & (NODES - 1);
		pool[i].val = i;
		pool[i].next = i + 1 < NODES ? &pool[i + 1] : 0;
	}
	*head = &pool[0];
	for (int i = 0; i < DIM; i++)
		for (int j = 0; j < DIM; j++) {
			ma[i][j] = (short)((i * 3 + j) % 11 - 5);
			mb[i][j] = (short)((i + j * 5) % 7 - 3);
		}
	for (int i = 0; i < TEXT; i++) {
		seed = seed * 1103515245u + 12345u;
		text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
	}
}

EXPORT int run(int n)
{
	node *head;
	u32 crc = 0;
	init(&head);
	for (int r = 0; r < n; r++) {
		crc = crc16(crc, (u32)list_work(&head, r));
		crc = crc16(crc, (u32)matrix_work(r));
		crc = crc16(crc, (u32)state_work());
		text[r % TEXT] = (char)('0' + r % 10);
	}
	return (int)crc;
}
