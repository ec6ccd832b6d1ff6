/* crc32.c - integer arithmetic and table lookups: the bitwise CRC-32 of a
 * pseudo-random 64 KiB buffer, n times. bench: 360 */
#include "kernel.h"

#define SIZE (64 * 1024)
static unsigned char data[SIZE];

EXPORT int run(int n)
{
	u32 seed = 12345, crc = 0;
	for (int i = 0; i < SIZE; i++) {
		seed = seed * 1103515245u + 12345u;
		data[i] = (unsigned char)(seed >> 16);
	}
	for (int r = 0; r < n; r++) {
		crc = ~(u32)r;
		for (int i = 0; i < SIZE; i++) {
			crc ^= data[i];
			for (int k = 0; k < 8; k++)
				crc = (crc >> 1) ^
				      (0xEDB88320u & (0u - (crc & 1u)));
		}
		crc = ~crc;
	}
	return (int)crc;
}
