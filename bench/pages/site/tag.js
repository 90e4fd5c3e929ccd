/* an undeclared third-party tag: does nothing */
