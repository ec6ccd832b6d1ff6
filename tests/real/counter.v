// counter.v - the design tests/real/run.sh synthesises with yosys under
// wexec: a loadable up/down counter with a terminal-count flag.
module counter #(parameter W = 8) (
  input clk, input rst, input load, input up,
  input [W-1:0] d, output reg [W-1:0] q, output tc);
  always @(posedge clk)
    if (rst) q <= 0;
    else if (load) q <= d;
    else if (up) q <= q + 1;
    else q <= q - 1;
  assign tc = up ? &q : ~|q;
endmodule
