"""The lab and engineering files: the bio partner's enzymes (FASTA) and an ngspice simulation log."""

from __future__ import annotations

from pathlib import Path
from random import Random

# -- FASTA: the bio partner's enzymes for the biodegradable coolant ------------------------------
AMINO_ACIDS = "ARNDCQEGHILKMFPSTWYV"
AA_FREQUENCIES = (8.25, 5.53, 4.06, 5.45, 1.37, 3.93, 6.75, 7.07, 2.27, 5.96, 9.66, 5.84, 2.42, 3.86, 4.70, 6.56,
                  5.34, 1.08, 2.92, 6.87)  # UniProtKB, %
CODONS = {"A": "GCG GCC", "R": "CGT CGC", "N": "AAC AAT", "D": "GAT GAC", "C": "TGC TGT", "Q": "CAG CAA",
          "E": "GAA GAG", "G": "GGC GGT", "H": "CAT CAC", "I": "ATT ATC", "L": "CTG CTC", "K": "AAA AAG",
          "M": "ATG ATG", "F": "TTT TTC", "P": "CCG CCA", "S": "AGC TCT", "T": "ACC ACG", "W": "TGG TGG",
          "Y": "TAT TAC", "V": "GTG GTT"}  # two E. coli-preferred codons each
ENZYMES = (  # (id, description, length, active-site motif)
    ("SJB-LIP1", "lipase LipA, hydrolyses the ester base oil of spent coolant", 292, "GHSMGG"),
    ("SJB-EST2", "carboxylesterase EstB, ester lubricant degradation", 311, "GDSAGG"),
    ("SJB-AMO3", "alkane 1-monooxygenase AlkB-like, oxidises mineral-oil alkanes", 401, "HELGHK"),
    ("SJB-PRT4", "subtilisin-like protease, biofilm control in coolant sumps", 275, "GTSMASP"),
)
SYNTHETIC = "[synthetic construct; plantset demo, not a real sequence]"


def _write_fasta(path: Path, rng: Random) -> Path:
    records = []
    for ident, description, length, motif in ENZYMES:
        residues = "M" + "".join(rng.choices(AMINO_ACIDS, AA_FREQUENCIES, k=length - 1 - len(motif)))
        cut = int(length * 0.4)
        records.append((f"{ident} {description} {SYNTHETIC}", residues[:cut] + motif + residues[cut:]))
    lipase = records[0][1]
    cds = "".join(rng.choice(CODONS[aa].split()) for aa in lipase) + "TAA"
    records.append((f"SJB-LIP1-CDS lipA coding sequence, codon-adapted for E. coli {SYNTHETIC}", cds))
    lines = []
    for header, sequence in records:
        lines += [f">{header}", *(sequence[i:i + 60] for i in range(0, len(sequence), 60))]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


# -- an ngspice log -------------------------------------------------------------------------------
SPICE_LOG = """\
******
** ngspice-42 : Circuit level simulation program
** The U. C. Berkeley CAD Group
** Copyright 1985-1994, Regents of the University of California.
** Copyright 2001-2023, The ngspice team.
** Please get your ngspice manual from https://ngspice.sourceforge.io/docs.html
** Please file your bug-reports at https://ngspice.sourceforge.io/bugrep.html
** Creation Date: Mon Feb 16 09:12:41 KST 2026
******

Batch mode

Comments and warnings go to log-file: press_psu_sim.log

Note: No compatibility mode selected!


Circuit: * PRS-01 press controller 24 V power supply, flyback stage, 1.2 A load

Warning: vline: no DC value, transient time 0 value used
Warning: dclamp: breakdown voltage bv=150 below peak reverse voltage 162.4 V

Doing analysis at TEMP = 45.000000 and TNOM = 27.000000

Using SPARSE 1.3 as Direct Linear Solver

Note: Starting dynamic gmin stepping
Trying gmin =   1.0000E-03 Note: One successful gmin step
Trying gmin =   1.0000E-12 Note: One successful gmin step
Note: Dynamic gmin stepping completed

Initial Transient Solution
--------------------------

Node                                   Voltage
----                                   -------
line                                         0
bus                                    310.987
sw                                     310.987
out                                          0
fb                                           0
vline#branch                       -2.1743e-09

 Reference value :  2.00000e-02
No. of Data Rows : 20412

Measurements for Transient Analysis

vout_avg            =  2.396812e+01 from=  1.000000e-02 to=  2.000000e-02
vout_ripple         =  3.184021e-01 from=  1.000000e-02 to=  2.000000e-02
iload_avg           =  1.198455e+00 from=  1.000000e-02 to=  2.000000e-02
t_startup           =  4.127350e-03 targ=  4.127350e-03 trig=  0.000000e+00
vsw_peak            =  5.871204e+02 at=  1.734102e-02

Warning: vout_ripple 318 mV exceeds the 240 mV limit of the PLC input module

Total analysis time (seconds) = 1.284

Total elapsed time (seconds) = 1.351 

Total DRAM available = 15872.926 MiB.
DRAM currently available = 12093.441 MiB.
Maximum ngspice program size =   86.109 MiB.
Current ngspice program size =   84.520 MiB.

Shared ngspice pages =   11.402 MiB.
Text (code) pages =    5.336 MiB.
Stack = 0 bytes.
Library pages =   68.215 MiB.
"""
