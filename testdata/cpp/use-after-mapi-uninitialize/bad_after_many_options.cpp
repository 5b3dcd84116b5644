// Twenty independent options, each tested at the top and again at the bottom, around the
// shutdown. None of their tests has MAPIInitialize or MAPIUninitialize in its arms, so
// whether a path took `if (f3)` one way or the other cannot change what runs after
// MAPIUninitialize: the paths need not be told apart. The bug is on the path a depth-first
// walk takes last (`late` true at its first test).
void Log(const char *what);

int main(int argc, char **argv)
{
    LPSPropValue lpProp = NULL;
    bool late = argc > 21;
    bool f0 = argv[1][0] == 'y';
    bool f1 = argv[2][0] == 'y';
    bool f2 = argv[3][0] == 'y';
    bool f3 = argv[4][0] == 'y';
    bool f4 = argv[5][0] == 'y';
    bool f5 = argv[6][0] == 'y';
    bool f6 = argv[7][0] == 'y';
    bool f7 = argv[8][0] == 'y';
    bool f8 = argv[9][0] == 'y';
    bool f9 = argv[10][0] == 'y';
    bool f10 = argv[11][0] == 'y';
    bool f11 = argv[12][0] == 'y';
    bool f12 = argv[13][0] == 'y';
    bool f13 = argv[14][0] == 'y';
    bool f14 = argv[15][0] == 'y';
    bool f15 = argv[16][0] == 'y';
    bool f16 = argv[17][0] == 'y';
    bool f17 = argv[18][0] == 'y';
    bool f18 = argv[19][0] == 'y';
    bool f19 = argv[20][0] == 'y';
    if (FAILED(MAPIInitialize(NULL))) return 1;
    if (late) Log("late");
    if (f0) Log("0");
    if (f1) Log("1");
    if (f2) Log("2");
    if (f3) Log("3");
    if (f4) Log("4");
    if (f5) Log("5");
    if (f6) Log("6");
    if (f7) Log("7");
    if (f8) Log("8");
    if (f9) Log("9");
    if (f10) Log("10");
    if (f11) Log("11");
    if (f12) Log("12");
    if (f13) Log("13");
    if (f14) Log("14");
    if (f15) Log("15");
    if (f16) Log("16");
    if (f17) Log("17");
    if (f18) Log("18");
    if (f19) Log("19");
    if (late)
        MAPIUninitialize();
    if (f0) Log("0 again");
    if (f1) Log("1 again");
    if (f2) Log("2 again");
    if (f3) Log("3 again");
    if (f4) Log("4 again");
    if (f5) Log("5 again");
    if (f6) Log("6 again");
    if (f7) Log("7 again");
    if (f8) Log("8 again");
    if (f9) Log("9 again");
    if (f10) Log("10 again");
    if (f11) Log("11 again");
    if (f12) Log("12 again");
    if (f13) Log("13 again");
    if (f14) Log("14 again");
    if (f15) Log("15 again");
    if (f16) Log("16 again");
    if (f17) Log("17 again");
    if (f18) Log("18 again");
    if (f19) Log("19 again");
    if (late) {
        MAPIFreeBuffer(lpProp); //~ use-after-mapi-uninitialize
        return 2;
    }
    MAPIUninitialize();
    return 0;
}
