/* Forced into tests/host/test_abi.c when it is built for the kernel (-include): its main()
 * becomes abi_rows_main(), which kmain calls. */
int abi_rows_main(void);
