import sys,statistics as st
b=[];a=[];j=[]
for l in open(sys.argv[1]):
    if not l.startswith('alt'): continue
    f=l.split(); b+= [float(f[2]),float(f[3])]; a+=[float(f[5]),float(f[6])]; j.append(float(f[8]))
b=b[12:];a=a[12:];j=j[6:]
print(f'n={len(b)} base {st.median(b):.0f} alt {st.median(a):.0f} java {st.median(j):.0f} base/j {st.median(b)/st.median(j):.3f} alt/j {st.median(a)/st.median(j):.3f} alt/base {st.median(a)/st.median(b):.3f}')
