"""Speech in (recogniser) and out (synthesiser) behind small interfaces."""
