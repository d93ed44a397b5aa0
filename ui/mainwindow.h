#pragma once
// MainWindow: dataset panes on the left; Train, Plots and Previews tabs; a status bar with iteration,
// epoch, speed, ETA, device and a progress bar. It shows state and emits the user's intents; the app's
// controller connects them to the training worker. UI thread; owned by the controller.

#include "ui/types.h"

#include <QMainWindow>

class QLabel;
class QProgressBar;
class QTabWidget;

namespace ui {

class DatasetPane;
class LossPlot;
class PreviewView;
class TrainPanel;
class TranslateView;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    DatasetPane *domainA() const { return m_domainA; }
    DatasetPane *domainB() const { return m_domainB; }
    TrainPanel *trainPanel() const { return m_train; }
    LossPlot *lossPlot() const { return m_plot; }
    PreviewView *previewView() const { return m_previews; }
    TranslateView *translateView() const { return m_translate; }
    QTabWidget *tabs() const { return m_tabs; }

    void setProjectName(const QString &name);

public Q_SLOTS:
    void showStatus(const ui::TrainStatus &status);
    void showMessage(const QString &message);
    void showError(const QString &message);
    void setTraining(bool training);

Q_SIGNALS:
    void openProjectRequested();
    void closeRequested(); // the controller decides (stop the worker, checkpoint) and then closes

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    DatasetPane *m_domainA, *m_domainB;
    TrainPanel *m_train;
    LossPlot *m_plot;
    PreviewView *m_previews;
    TranslateView *m_translate;
    QTabWidget *m_tabs;
    QLabel *m_statusLabel;
    QProgressBar *m_progress;
    bool m_allowClose = false;

public:
    // After this, closing really closes (the controller calls it once the worker has stopped).
    void allowClose() { m_allowClose = true; }
};

} // namespace ui
