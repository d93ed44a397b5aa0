#pragma once
// FineTuneDialog: File → New Fine-Tuning Project…: the trained project or model file to start from, the
// new project's folder, what to freeze, and the new learning rate and schedule. UI thread, modal.

#include <QDialog>

class QCheckBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace ui {

struct FineTuneRequest
{
    QString source, projectDir;
    bool freezeEncoder = true;
    int freezeBlocks = 0;
    double lr = 1e-4;
    int epochs = 10, epochsDecay = 10;
};

class FineTuneDialog : public QDialog
{
    Q_OBJECT

public:
    explicit FineTuneDialog(QWidget *parent = nullptr);
    FineTuneRequest request() const;
    void setRequest(const FineTuneRequest &request);

private:
    void createScheduleRows(QFormLayout *form);
    void connectBrowsing(QPushButton *fromProject, QPushButton *fromModel, QPushButton *browse);
    void validate();

    QLineEdit *m_source, *m_projectDir;
    QCheckBox *m_freezeEncoder;
    QSpinBox *m_freezeBlocks, *m_epochs, *m_epochsDecay;
    QDoubleSpinBox *m_lr;
    QPushButton *m_ok;
};

} // namespace ui
